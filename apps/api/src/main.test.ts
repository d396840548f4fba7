import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { freePort } from "@pyroscope-auth/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { rawRequest } from "./testing/http-client.js";
import {
  cheapHashFlags,
  type ServerProcess,
  serverMain,
  startServerProcess,
} from "./testing/server-process.js";

const running: ServerProcess[] = [];
/** Servers started by hand, killed even when their test timed out waiting on them. */
const spawned: ChildProcess[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop("SIGKILL");
  for (const child of spawned.splice(0)) child.kill("SIGKILL");
});

function run(...args: string[]) {
  return spawnSync(process.execPath, [serverMain, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
}

/** Fields 3 onwards of /proc/<pid>/stat (the command name, field 2, may hold spaces). */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  const list = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return list ? list.split(" ").map(Number) : [];
}

/**
 * The server with its standard output on `stdout` (so that its log cannot tell the port it took:
 * a free one is chosen first), once /healthz answers.
 */
async function spawnServer(stdout: number | Writable) {
  const port = await freePort();
  const storage = mkdtempSync(join(tmpdir(), "pyroscope-log-"));
  const child = spawn(
    process.execPath,
    [
      serverMain,
      `--storage-path=${storage}`,
      `--http-addr=127.0.0.1:${port}`,
      "--auth.internal.enabled",
      ...cheapHashFlags,
    ],
    { stdio: ["ignore", stdout, "pipe"] },
  );
  spawned.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  // Each try is cut short: a broken server accepted the connection and never answered.
  const health = () =>
    fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (answer) => answer.status,
      String,
    );
  await expect.poll(health, { timeout: 15_000 }).toBe(200);
  return {
    child,
    url,
    exited,
    health,
    stderr: () => stderr,
    removeStorage: () => rmSync(storage, { recursive: true, force: true }),
  };
}

const isGone = (pid: number) => (procStat(pid)?.[0] ?? "Z") === "Z";

async function logInAsAdmin(url: string) {
  return rawRequest(`${url}/auth/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: "admin" }),
  });
}

describe("main.js", () => {
  it("prints the effective config with secrets masked, and exits", () => {
    const result = run(
      "--auth.internal.enabled",
      "--auth.jwt-secret=abcdefghijklmnopqrstuvwxyz0123456789",
      "--auth.cookie-same-site=None",
      "--print-config",
    );
    expect(result.status).toBe(0);
    // What the loader changed or ignored is said beside it, not only at a real start.
    expect(result.stderr).toBe(
      "pyroscope-auth: warning: auth.cookie-secure forced to true because auth.cookie-same-site is None\n",
    );
    expect(result.stdout).toContain("auth.internal.enabled: true");
    expect(result.stdout).toContain("# auth.jwt-secret: <redacted>");
    expect(result.stdout).toContain("# auth.internal.admin.password: <redacted>");
    expect(result.stdout).not.toContain("abcdefghijklmnop");
  });

  it("refuses with --print-config what a start would refuse, in the same line", () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-print-"));
    for (const [flag, line] of [
      ["--auth.internal.admin.email=not-an-email", 'auth.internal.admin.email: "not-an-email" '],
      ["--auth.internal.admin.password=", "auth.internal.admin.password: (value hidden) must be"],
      ["--database.url=mysql://user:secret@db/auth", "database.url: neither an SQLite file"],
      ["--database.url=postgres://user:secret@db", "database.url: a PostgreSQL URL names a host"],
    ] as const) {
      const printed = run("--print-config", `--storage-path=${storage}`, flag);
      expect(printed, flag).toMatchObject({ status: 2, stdout: "" });
      expect(printed.stderr).toContain(`pyroscope-auth: ${line}`);
      expect(printed.stderr).not.toContain("secret");
    }
    expect(readdirSync(storage)).toEqual([]);
  });

  it("lists every key with its default and meaning in --help", () => {
    const help = run("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(
      "  --auth.internal.enabled  (default false; PYROSCOPE_AUTH_INTERNAL_ENABLED)\n      login/password authentication",
    );
    expect(help.stdout).toContain('  --gateway.upstream-url  (default "";');
  });

  it("refuses to start on a misspelt auth key in its config file, and reads the original's server.yml", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pyroscope-yml-"));
    const typo = join(dir, "typo.yml");
    writeFileSync(typo, "auth:\n  internal:\n    enable: true\n");
    const refused = run("--config", typo);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("did you mean auth.internal.enabled?");
    const original = join(dir, "server.yml");
    writeFileSync(
      original,
      "retention: 720h\nscrape-configs: []\nauth:\n  internal:\n    enabled: true\n",
    );
    const server = await startServerProcess({ flags: ["--config", original] });
    running.push(server);
    expect(server.output()).toContain(
      "settings of the Pyroscope server that do not concern pyroscope-auth, ignored: retention, scrape-configs",
    );
  });

  it("refuses a bad value with one line naming key, value and what is allowed, exit 2", () => {
    const result = run("--auth.signup-default-role=Owner");
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'pyroscope-auth: auth.signup-default-role: "Owner" is not a role (Admin, ReadOnly, Agent)\n',
    );
  });

  it("refuses an unknown argument by its name only, and a missing config file", () => {
    expect(run("--colour").stderr).toBe(
      'pyroscope-auth: unknown argument "--colour" (see --help)\n',
    );
    // A misspelt key is not shown as if it had been taken, nor its value (it may be a secret).
    expect(run("--print-config", "--auth.internal.admin.passwrd=hunter2-secret")).toMatchObject({
      status: 2,
      stdout: "",
      stderr:
        'pyroscope-auth: unknown flag "auth.internal.admin.passwrd" (did you mean auth.internal.admin.password?): nothing under auth. is ignored, as a typo there could turn authentication off\n',
    });
    const missing = run("--config", "/nonexistent/server.yml");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      'pyroscope-auth: config file "/nonexistent/server.yml": not found\n',
    );
  });

  it("refuses an address already in use with one line and exit 1", async () => {
    const server = await startServerProcess();
    running.push(server);
    const taken = new URL(server.url).host;
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-taken-"));
    const result = run(
      `--storage-path=${storage}`,
      `--http-addr=${taken}`,
      "--auth.internal.enabled",
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^pyroscope-auth: cannot listen on [\d.:]+: .*EADDRINUSE.*\n$/);
    expect(existsSync(join(storage, "pyroscope.sqlite3"))).toBe(false);
  });

  it("refuses a bad built-in admin on first launch before creating the database, naming an unset ${VAR}", () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-admin-"));
    const configFile = join(storage, "server.yml");
    writeFileSync(
      configFile,
      "auth:\n  internal:\n    admin:\n      password: ${ADMIN_PASSWORD}\n",
    );
    const result = run(
      `--config=${configFile}`,
      `--storage-path=${storage}`,
      "--http-addr=127.0.0.1:0",
    );
    expect(result).toMatchObject({
      status: 2,
      stderr: `pyroscope-auth: warning: config file ${JSON.stringify(configFile)}: \${ADMIN_PASSWORD} is not set; using ""\npyroscope-auth: auth.internal.admin.password: (value hidden) must be 1 to 255 bytes\n`,
    });
    expect(existsSync(join(storage, "pyroscope.sqlite3"))).toBe(false);
    // The same for a value the loader refuses.
    writeFileSync(configFile, "storage-path: ${DATA_DIR}\n");
    expect(run(`--config=${configFile}`)).toMatchObject({
      status: 2,
      stderr: `pyroscope-auth: warning: config file ${JSON.stringify(configFile)}: \${DATA_DIR} is not set; using ""\npyroscope-auth: storage-path: "" must not be empty\n`,
    });
  });

  it("starts, serves, warns about the default admin and plain HTTP, and stops cleanly on SIGTERM", async () => {
    const server = await startServerProcess();
    running.push(server);
    expect((await rawRequest(`${server.url}/healthz`)).status).toBe(200);
    // The warning follows the lines that say what this start did.
    expect(server.output()).toMatch(
      /built-in admin \\"admin\\" created[\s\S]*admin user \\"admin\\" still has its initial password/,
    );
    expect(server.output()).toContain("plain HTTP with internal authentication on");
    expect(server.output()).toContain("sign in as the built-in admin");
    const login = await logInAsAdmin(server.url);
    expect(login.status).toBe(200);
    // The line is written as the response completes, a moment after the client has it.
    await expect
      .poll(server.output)
      .toMatch(/"method":"POST","path":"\/auth\/trpc\/auth.login","status":200/);
    expect(await server.stop("SIGTERM")).toBe(0);
    expect(server.output()).not.toContain('"password"');
  });

  it("keeps query strings out of the log and out of a 404's answer", async () => {
    const server = await startServerProcess();
    running.push(server);
    const secret = encodeURIComponent(JSON.stringify({ password: "Leaky-Secret-77" }));
    for (const path of [
      `/auth/trpc/user/me?input=${secret}`,
      `/auth/assets/missing.js?token=${secret}`,
    ]) {
      const missing = await rawRequest(`${server.url}${path}`);
      expect(missing.status).toBe(404);
      expect(missing.json()).toEqual({
        error: {
          code: -32004,
          message: "not found",
          data: { code: "NOT_FOUND", httpStatus: 404, errors: ["not found"] },
        },
      });
    }
    await expect.poll(server.output).toMatch(/"path":"\/auth\/assets\/missing.js","status":404/);
    expect(server.output()).not.toContain("Leaky-Secret");
  });

  it("survives clients that reset their connection before their answer", async () => {
    // The request log read the client's address when the answer was done; once the client had
    // reset the connection there was none, and the TypeError ended the server (here after a few
    // hundred such requests).
    const server = await startServerProcess();
    running.push(server);
    const port = Number(new URL(server.url).port);
    for (let attempt = 0; attempt < 2000 && server.child.exitCode === null; attempt++) {
      const socket = connect(port, "127.0.0.1");
      await once(socket, "connect");
      socket.write(`GET /${attempt % 2 ? "healthz" : "nope"} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      socket.resetAndDestroy();
    }
    expect(server.child.exitCode).toBeNull();
    expect((await rawRequest(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output()).not.toContain("TypeError");
  });

  it("goes on serving, and stops on SIGTERM, while nobody reads its log", async () => {
    // Its standard output is a pipe whose reader never reads: once the pipe's 64 KiB are full,
    // a write of the log blocks. Written on the event loop, that stopped the server, SIGTERM
    // included.
    const reader = spawn("sleep", ["600"], { stdio: ["pipe", "ignore", "ignore"] });
    spawned.push(reader);
    const server = await spawnServer(reader.stdin);
    try {
      // ~130 bytes of log each: twice what the pipe holds.
      for (let request = 0; request < 1000; request++) expect(await server.health()).toBe(200);
      expect((await logInAsAdmin(server.url)).status).toBe(200);
      // It closes the database, waits 2 s for the log, then ends by SIGTERM's own action: Node's
      // exit would wait forever for the thread stuck in the log's write.
      server.child.kill("SIGTERM");
      expect(await server.exited).toEqual({ code: null, signal: "SIGTERM" });
    } finally {
      server.removeStorage();
    }
  });

  it("goes on serving, and stops on SIGTERM, with its log on a full disk", async () => {
    // /dev/full fails every write with ENOSPC. pino's stdout stream left the server taking
    // connections it never answered, and deaf to SIGTERM, at the first line it could not write.
    const fullDisk = openSync("/dev/full", "w");
    const server = await spawnServer(fullDisk).finally(() => closeSync(fullDisk));
    try {
      expect((await logInAsAdmin(server.url)).status).toBe(200);
      // Written by the log's thread once its batch (10 ms) fails: it may come after the answer.
      await expect
        .poll(server.stderr, { timeout: 5_000 })
        .toBe(
          "pyroscope-auth: warning: cannot write the log to standard output (ENOSPC): the server goes on, and its log lines are dropped, and counted, until they can be written\n",
        );
      server.child.kill("SIGTERM");
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      server.removeStorage();
    }
    // The same output for --print-config: one line, not an unhandled error event's stack.
    const fullAgain = openSync("/dev/full", "w");
    const printed = spawnSync(process.execPath, [serverMain, "--print-config"], {
      stdio: ["ignore", fullAgain, "pipe"],
      encoding: "utf8",
    });
    closeSync(fullAgain);
    expect(printed).toMatchObject({
      status: 1,
      stderr: "pyroscope-auth: cannot write to standard output (ENOSPC)\n",
    });
  });

  it("warns at start while other users of the machine can read the database", async () => {
    const storagePath = mkdtempSync(join(tmpdir(), "pyroscope-mode-"));
    const first = await startServerProcess({ storagePath });
    running.push(first);
    expect(first.output()).not.toContain("can be read by other users");
    await first.stop("SIGTERM");
    // As an earlier release, or a careless chmod, left it.
    chmodSync(storagePath, 0o755);
    chmodSync(join(storagePath, "pyroscope.sqlite3"), 0o644);
    const again = await startServerProcess({ storagePath });
    running.push(again);
    expect(again.output()).toContain(
      `the database ${join(storagePath, "pyroscope.sqlite3")} can be read by other users`,
    );
  });

  it("says when internal authentication is off, and then offers no sign-in", async () => {
    const server = await startServerProcess({ flags: ["--auth.internal.enabled=false"] });
    running.push(server);
    expect(server.output()).toContain("internal authentication is off");
    expect(server.output()).not.toContain("sign in as the built-in admin");
    const login = await fetch(`${server.url}/auth/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "admin" }),
    });
    expect(login.status).toBe(403);
    expect(login.headers.get("set-cookie")).toBeNull();
  });

  it("warns when self sign-up makes every new account an Admin", async () => {
    const signup = ["--auth.internal.signup-enabled"];
    const server = await startServerProcess({
      flags: [...signup, "--auth.signup-default-role=Admin"],
    });
    running.push(server);
    expect(server.output()).toContain("self sign-up is on and makes new accounts Admins");
    const readOnly = await startServerProcess({ flags: signup });
    running.push(readOnly);
    expect(readOnly.output()).not.toContain("self sign-up");
  });

  it("warns at every gateway start while ingestion authentication is off", async () => {
    const gateway = ["--gateway.upstream-url=http://127.0.0.1:9"];
    const open = await startServerProcess({ flags: gateway });
    running.push(open);
    expect(open.output()).toContain("gateway: every path outside /auth/ and /healthz goes to");
    expect(open.output()).toContain(
      "anyone who reaches this server can push profiles to http://127.0.0.1:9",
    );
    const guarded = await startServerProcess({ flags: [...gateway, "--auth.ingestion.enabled"] });
    running.push(guarded);
    expect(guarded.output()).not.toContain("can push profiles");
    const noLogin = await startServerProcess({
      flags: [...gateway, "--auth.internal.enabled=false"],
    });
    running.push(noLogin);
    expect(noLogin.output()).toContain("uses http://127.0.0.1:9 as an Admin");
  });

  it("serves HTTPS from the configured certificate files, with HSTS and Secure cookies", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pyroscope-tls-"));
    const [keyFile, certFile] = [join(dir, "key.pem"), join(dir, "cert.pem")];
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"],
        ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        ...["-keyout", keyFile, "-out", certFile],
      ],
      { stdio: "ignore" },
    );
    const server = await startServerProcess({
      // auth.cookie-secure left at its default: a server that speaks only HTTPS marks them anyway.
      flags: [`--tls-certificate-file=${certFile}`, `--tls-key-file=${keyFile}`],
    });
    running.push(server);
    expect(server.url).toMatch(/^https:/);
    expect(server.output()).not.toContain("plain HTTP");
    expect(server.output()).not.toContain("not marked Secure");
    const response = await rawRequest(`${server.url}/auth/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "admin" }),
      ca: readFileSync(certFile),
    });
    expect(response.status).toBe(200);
    expect(String(response.headers["set-cookie"])).toContain("; Secure");
    expect(response.headers["strict-transport-security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
    await expect(rawRequest(`${server.url}/healthz`)).rejects.toThrow(/self.signed|certificate/i);

    // A certificate with another key, or files in each other's place: one line, no database.
    const otherKey = join(dir, "other-key.pem");
    execFileSync("openssl", ["genpkey", "-algorithm", "RSA", "-out", otherKey], {
      stdio: "ignore",
    });
    const storage = join(dir, "storage");
    for (const [cert, key] of [
      [certFile, otherKey],
      [certFile, certFile],
      [keyFile, keyFile],
    ]) {
      const refused = run(
        `--storage-path=${storage}`,
        `--tls-certificate-file=${cert}`,
        `--tls-key-file=${key}`,
      );
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(
        /^pyroscope-auth: tls-certificate-file and tls-key-file: not a matching PEM certificate and key \(.+\)\n$/,
      );
    }
    expect(existsSync(storage)).toBe(false);
  });

  it.runIf(process.platform === "linux")(
    "hashes in a lower-priority child process that survives being killed and ends with the server",
    async () => {
      const server = await startServerProcess();
      running.push(server);
      const serverPid = server.child.pid ?? 0;
      expect((await logInAsAdmin(server.url)).status).toBe(200);
      const [hasher] = childrenOf(serverPid);
      expect(hasher).toBeDefined();
      // Field 19 of stat is the nice value.
      const niceOf = (pid: number) => Number(procStat(pid)?.[16]);
      expect(niceOf(hasher ?? 0)).toBeGreaterThanOrEqual(niceOf(serverPid) + 10);

      process.kill(hasher ?? 0, "SIGKILL");
      await expect.poll(() => isGone(hasher ?? 0)).toBe(true);
      expect((await logInAsAdmin(server.url)).status).toBe(200);
      const [restarted] = childrenOf(serverPid);
      expect(restarted).toBeDefined();
      expect(restarted).not.toBe(hasher);

      expect(await server.stop("SIGTERM")).toBe(0);
      await expect.poll(() => isGone(restarted ?? 0)).toBe(true);
    },
  );
});
