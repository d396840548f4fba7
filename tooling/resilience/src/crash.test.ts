import { spawn } from "node:child_process";
import { testDatabaseFlags, testEngine } from "@pyroscope-auth/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { readDatabase } from "./database-snapshot.js";
import { mutate, signIn } from "./http.js";
import {
  cheapHashFlags,
  cliMain,
  freshStorage,
  type ServerProcess,
  startServer,
} from "./server-process.js";

// Issue 7, part 2: acknowledged changes survive a SIGKILL at a random moment. Each worker owns its
// users and runs one request at a time, so after the crash every user must show its last
// acknowledged state, or the state of the one request that was in flight when the server died.

const workers = 20;
const running: ServerProcess[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop("SIGKILL");
});

async function start(storage: string) {
  const server = await startServer(storage, [
    "--auth.internal.signup-enabled",
    "--auth.login-throttle.enabled=false",
  ]);
  running.push(server);
  return server;
}

interface Expectations {
  /** Users whose sign-up was acknowledged: they must exist. */
  signedUp: string[];
  /** Per user: passwords that may be current (last acknowledged, or in flight at the kill). */
  passwords: Map<string, string[]>;
  /** Per user: full names that may be current. */
  fullNames: Map<string, (string | null)[]>;
}

/** One worker's loop: sign-ups, own password changes and admin edits, until the server dies. */
async function work(
  url: string,
  admin: string,
  worker: number,
  expect: Expectations,
  stop: () => boolean,
) {
  const own = `worker-${worker}`;
  let password = `${own}-pass-0`;
  const cookie = await signIn(url, own, password);
  expect.passwords.set(own, [password]);
  expect.fullNames.set(own, [null]);
  for (let step = 1; !stop(); step++) {
    const kind = step % 3;
    try {
      if (kind === 0) {
        const name = `${own}-signup-${step}`;
        const reply = await mutate(url, "auth.signup", { name, password: `${name}-pass` });
        if (reply.status === 200) expect.signedUp.push(name);
      } else if (kind === 1) {
        const next = `${own}-pass-${step}`;
        expect.passwords.set(own, [password, next]);
        const reply = await mutate(
          url,
          "user.changePassword",
          { oldPassword: password, newPassword: next },
          { cookie },
        );
        if (reply.status === 200) password = next;
        expect.passwords.set(own, [password]);
      } else {
        const fullName = `edit ${step}`;
        const current = expect.fullNames.get(own)?.[0] ?? null;
        expect.fullNames.set(own, [current, fullName]);
        const id = worker + 2;
        const reply = await mutate(url, "admin.users.update", { id, fullName }, { cookie: admin });
        expect.fullNames.set(own, [reply.status === 200 ? fullName : current]);
      }
    } catch {
      return; // the server is gone: whatever was in flight stays ambiguous
    }
  }
}

/**
 * Lets the load build up (at least 20 acknowledged sign-ups, and whatever else `ready` waits
 * for, however slow the machine), then SIGKILLs the server at a random moment within a second.
 */
async function killAtRandomUnderLoad(
  server: ServerProcess,
  expectations: Expectations,
  stop: () => void,
  ready = () => true,
) {
  while (expectations.signedUp.length < 20 || !ready())
    await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
  stop();
  await server.stop("SIGKILL");
}

async function prepare(url: string): Promise<string> {
  const admin = await signIn(url, "admin", "admin");
  await mutate(
    url,
    "user.changePassword",
    { oldPassword: "admin", newPassword: "crash-admin-pass" },
    { cookie: admin },
  );
  for (let worker = 0; worker < workers; worker++) {
    await mutate(
      url,
      "admin.users.create",
      { name: `worker-${worker}`, password: `worker-${worker}-pass-0`, role: "ReadOnly" },
      { cookie: admin },
    );
  }
  return admin;
}

/** Restarts on the same storage and checks every acknowledged change and the file's integrity. */
async function verifyAfterRestart(storage: string, expectations: Expectations) {
  const restarted = await start(storage);
  expect(restarted.output()).not.toContain("database migrated");
  // PostgreSQL checks its own pages as it reads them; a SQLite file is checked whole.
  if (testEngine() === "sqlite") {
    const integrity = await readDatabase(storage, (query) =>
      query<{ integrity_check: string }>("pragma integrity_check"),
    );
    expect(integrity).toEqual([{ integrity_check: "ok" }]);
  }
  const users = await readDatabase(storage, (query) =>
    query<{ name: string; full_name: string | null; password_hash: string }>(
      "select name, full_name, password_hash from users",
    ),
  );
  const byName = new Map(users.map((user) => [user.name, user]));
  for (const name of expectations.signedUp)
    expect(byName.has(name), `acknowledged sign-up ${name} lost`).toBe(true);
  for (const user of users)
    expect(user.password_hash, `${user.name} half-written`).toMatch(/^\$argon2id\$/);
  for (const [name, fullNames] of expectations.fullNames) {
    expect(fullNames, `${name}'s acknowledged edit lost`).toContain(
      byName.get(name)?.full_name ?? null,
    );
  }
  for (const [name, passwords] of expectations.passwords) {
    const results = await Promise.all(
      passwords.map((password) =>
        mutate(restarted.url, "auth.login", { username: name, password }).then(
          (reply) => reply.status,
        ),
      ),
    );
    expect(results, `${name}: none of ${passwords.join(" / ")} logs in`).toContain(200);
  }
  // A second start applies nothing either: migrations are idempotent.
  await restarted.stop();
  const again = await start(storage);
  expect(
    (await mutate(again.url, "auth.login", { username: "admin", password: "crash-admin-pass" }))
      .status,
  ).toBe(200);
}

/** A server on `storage` with `workers` clients changing accounts until it is killed. */
async function serverUnderLoad(storage: string) {
  const server = await start(storage);
  const admin = await prepare(server.url);
  const expectations: Expectations = { signedUp: [], passwords: new Map(), fullNames: new Map() };
  let dead = false;
  const load = Promise.all(
    Array.from({ length: workers }, (_, worker) =>
      work(server.url, admin, worker, expectations, () => dead),
    ),
  );
  return {
    expectations,
    load,
    isDead: () => dead,
    /** SIGKILLs the server at a random moment once enough is acknowledged and `ready` says so. */
    kill: (ready?: () => boolean) =>
      killAtRandomUnderLoad(
        server,
        expectations,
        () => {
          dead = true;
        },
        ready,
      ),
  };
}

describe("crash safety", () => {
  it("keeps every acknowledged change when the server is SIGKILLed under load", async () => {
    const storage = freshStorage();
    const run = await serverUnderLoad(storage);
    await run.kill();
    await run.load;
    await verifyAfterRestart(storage, run.expectations);
  });

  it("keeps the CLI's acknowledged changes made while the server is under load and then killed", async () => {
    const storage = freshStorage();
    const run = await serverUnderLoad(storage);
    const cliCreated: string[] = [];
    const database = await testDatabaseFlags(storage);
    const cli = (async () => {
      for (let index = 0; !run.isDead(); index++) {
        const name = `cli-user-${index}`;
        const status = await new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [
            cliMain,
            "admin",
            "user",
            "create",
            "--username",
            name,
            "--role",
            "Agent",
            "--password",
            `${name}-pass`,
            `--storage-path=${storage}`,
            ...database,
            ...cheapHashFlags,
          ]);
          child.on("close", resolve);
        });
        if (status === 0) cliCreated.push(name);
      }
    })();
    await run.kill(() => cliCreated.length > 0);
    await Promise.all([run.load, cli]);
    expect(cliCreated.length).toBeGreaterThan(0);
    run.expectations.signedUp.push(...cliCreated);
    await verifyAfterRestart(storage, run.expectations);
  });
});
