import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built bin, run as a user runs it (the test task depends on the build). */
export const cliPath = join(dirname(fileURLToPath(import.meta.url)), "../../dist/main.js");

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string>;
}

/** A fresh storage folder, and a runner bound to it with cheap hashing. */
export function cliOn(storagePath = mkdtempSync(join(tmpdir(), "pyroscope-cli-"))) {
  const run = (args: string[], options: CliOptions = {}): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          cliPath,
          ...args,
          `--storage-path=${storagePath}`,
          "--auth.password-hash.memory-kib=1024",
          "--auth.password-hash.iterations=1",
        ],
        { env: { PATH: process.env.PATH ?? "", ...options.env } },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk;
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk;
      });
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
      child.stdin.end(options.stdin ?? "");
    });
  /** Setup for a test about something else: creates a user and fails loudly if it cannot. */
  const createUser = async (name: string, role: string, password: string) => {
    const created = await run([
      "admin",
      "user",
      "create",
      "--username",
      name,
      "--role",
      role,
      "--password",
      password,
    ]);
    if (created.status !== 0) throw new Error(`cannot create ${name}: ${created.stderr}`);
  };
  return { storagePath, run, createUser };
}
