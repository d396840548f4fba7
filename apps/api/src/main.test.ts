import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { rawRequest } from "./testing/http-client.js";

// The built entry point, run as a user runs it (the test task depends on the build).
const main = join(dirname(fileURLToPath(import.meta.url)), "../dist/main.js");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function run(...args: string[]) {
  return spawnSync(process.execPath, [main, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
}

/** Starts the server on a free port and resolves once it logs that it is ready. */
async function start(...args: string[]) {
  const storage = mkdtempSync(join(tmpdir(), "pyroscope-main-"));
  const child = spawn(
    process.execPath,
    [main, `--storage-path=${storage}`, "--http-addr=127.0.0.1:0", ...args],
    {
      env: { PATH: process.env.PATH },
    },
  );
  children.push(child);
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      const ready = /"url":"(http[^"]+)"/.exec(output);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

describe("main.js", () => {
  it("prints the effective config with secrets masked, and exits", () => {
    const result = run(
      "--auth.internal.enabled",
      "--auth.jwt-secret=abcdefghijklmnopqrstuvwxyz0123456789",
      "--print-config",
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("auth.internal.enabled: true");
    expect(result.stdout).toContain("# auth.jwt-secret: <redacted>");
    expect(result.stdout).toContain("# auth.internal.admin.password: <redacted>");
    expect(result.stdout).not.toContain("abcdefghijklmnop");
  });

  it("refuses a bad value with one line naming key, value and what is allowed, exit 2", () => {
    const result = run("--auth.signup-default-role=Owner");
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'pyroscope-auth: auth.signup-default-role: "Owner" is not a role (Admin, ReadOnly, Agent)\n',
    );
  });

  it("refuses an unknown argument and a missing config file", () => {
    expect(run("--colour=blue").stderr).toBe(
      'pyroscope-auth: unknown argument "--colour=blue" (see --help)\n',
    );
    const missing = run("--config", "/nonexistent/server.yml");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      'pyroscope-auth: config file "/nonexistent/server.yml": not found\n',
    );
  });

  it("starts, serves, warns about the default admin and plain HTTP, and stops cleanly on SIGTERM", async () => {
    const server = await start("--auth.internal.enabled");
    expect((await rawRequest(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output()).toContain('admin user \\"admin\\" still has its initial password');
    expect(server.output()).toContain("plain HTTP with internal authentication on");
    expect(server.output()).toContain("sign in as the built-in admin");
    const login = await rawRequest(`${server.url}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "admin" }),
    });
    expect(login.status).toBe(200);
    // The line is written as the response completes, a moment after the client has it.
    await expect
      .poll(server.output)
      .toMatch(/"method":"POST","path":"\/trpc\/auth.login","status":200/);
    const exit = new Promise<number | null>((resolve) => server.child.on("exit", resolve));
    server.child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(server.output()).not.toContain('"password"');
  });
});
