import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = (name: string) =>
  join(realpathSync(join(packageRoot, "node_modules/@pyroscope-auth", name)), "dist/main.js");
export const apiMain = built("api");
export const cliMain = built("cli");

/** Cheap argon2 so that a run measures the server, not the hash. */
export const cheapHash = [
  "--auth.password-hash.memory-kib=1024",
  "--auth.password-hash.iterations=1",
];

export function freshStorage(): string {
  return mkdtempSync(join(tmpdir(), "pyroscope-resilience-"));
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the server logged so far. */
  output(): string;
  /** Resident set size and open file descriptors, from /proc. */
  resources(): { rssKiB: number; openFiles: number };
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built server (apps/api/dist/main.js) as its own process on a random port. */
export async function startServer(
  storagePath: string,
  flags: string[] = [],
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      apiMain,
      `--storage-path=${storagePath}`,
      "--http-addr=127.0.0.1:0",
      "--auth.internal.enabled",
      ...cheapHash,
      ...flags,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const ready = () => {
      const found = /"url":"(http[^"]+)"/.exec(output);
      if (found?.[1]) resolve(found[1]);
    };
    child.stdout?.on("data", ready);
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    resources() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return {
        rssKiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
        openFiles: readdirSync(`/proc/${child.pid}/fd`).length,
      };
    },
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
