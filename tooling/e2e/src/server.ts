import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./paths.js";

const main = join(repoRoot, "apps/api/dist/main.js");
const webIndex = join(repoRoot, "apps/web/dist/index.html");

export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The real built server, as a user starts it: its own temp database, a free port, cheap argon2
 * so the tests are fast. Resolves once it logs the URL it is ready at.
 */
export async function startServer(flags: readonly string[] = []): Promise<RunningServer> {
  for (const file of [main, webIndex]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build apps/api and apps/web first`);
  }
  const storage = mkdtempSync(join(tmpdir(), "pyroscope-e2e-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      `--storage-path=${storage}`,
      "--http-addr=127.0.0.1:0",
      "--auth.internal.enabled",
      "--auth.password-hash.memory-kib=1024",
      "--auth.password-hash.iterations=1",
      ...flags,
    ],
    { env: { PATH: process.env.PATH } },
  );
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      const logged = /"url":"(http[^"]+)"/.exec(output);
      if (logged?.[1]) resolve(logged[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}: ${output}`)));
  });
  const url = await ready.catch((error: unknown) => {
    rmSync(storage, { recursive: true, force: true });
    throw error;
  });
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(storage, { recursive: true, force: true });
    },
  };
}
