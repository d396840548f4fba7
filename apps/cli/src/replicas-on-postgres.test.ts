import { startServerProcess } from "@pyroscope-auth/api/testing";
import {
  createTestPostgresDatabase,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from "@pyroscope-auth/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cliOn } from "./testing/run-cli.js";

// The CLI against the PostgreSQL database two running replicas share, with the same config.

let postgres: ThrowawayPostgres;
beforeAll(async () => {
  postgres = await startThrowawayPostgres();
});
afterAll(() => {
  postgres?.stop();
});

const logIn = (url: string, username: string, password: string) =>
  fetch(`${url}/auth/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });

it("creates a user the replicas let in, and a reset password ends its session on every replica", async () => {
  const { url } = await createTestPostgresDatabase(postgres.url);
  const flags = [`--database.url=${url}`];
  const replicas = await Promise.all([0, 1].map(() => startServerProcess({ flags })));
  try {
    const cli = cliOn(undefined, { database: false });
    const run = (...args: string[]) => cli.run([...args, `--database.url=${url}`]);
    const created = await run(
      "admin",
      "user",
      "create",
      "--username",
      "bob",
      "--role",
      "ReadOnly",
      "--password",
      "bobs-first-pass",
    );
    expect(created.status, created.stderr).toBe(0);
    const [a, b] = replicas.map((replica) => replica.url);
    if (!a || !b) throw new Error("no replicas");
    const signedIn = await logIn(a, "bob", "bobs-first-pass");
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const me = (url: string) => fetch(`${url}/auth/trpc/user.me`, { headers: { cookie } });
    expect((await me(b)).status).toBe(200);

    const reset = await run(
      "admin",
      "user",
      "reset-password",
      "--username",
      "bob",
      "--password",
      "bobs-second-pass",
    );
    expect(reset.status, reset.stderr).toBe(0);
    expect((await me(a)).status).toBe(401);
    expect((await me(b)).status).toBe(401);
    expect((await logIn(b, "bob", "bobs-first-pass")).status).toBe(401);
    expect((await logIn(b, "bob", "bobs-second-pass")).status).toBe(200);

    const listed = await run("admin", "user", "list", "--json");
    expect(JSON.parse(listed.stdout).map((user: { name: string }) => user.name)).toEqual([
      "admin",
      "bob",
    ]);
  } finally {
    for (const replica of replicas) await replica.stop();
  }
});

it("refuses a PostgreSQL database no server has set up, in one line", async () => {
  const { url } = await createTestPostgresDatabase(postgres.url);
  const result = await cliOn(undefined, { database: false }).run([
    "admin",
    "user",
    "list",
    `--database.url=${url}`,
  ]);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(
    /^no pyroscope-auth tables in the database at 127\.0\.0\.1:\d+\/test_\w+: start the server once/,
  );
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
});
