import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built entry point; the same path whether this runs from src/testing or dist/testing. */
export const serverMain = join(dirname(fileURLToPath(import.meta.url)), "../../dist/main.js");

/** Cheap argon2, so that a test measures the server rather than the hash. */
export const cheapHashFlags = [
  "--auth.password-hash.memory-kib=1024",
  "--auth.password-hash.iterations=1",
];

export interface ServerProcessOptions {
  /** Reuse a storage folder (a restart on the same database); otherwise a fresh one, removed on stop. */
  readonly storagePath?: string;
  /** Config flags on top of: the storage folder, a random port on 127.0.0.1, internal auth on. */
  readonly flags?: readonly string[];
  /** Keep argon2 at its configured (production) cost. */
  readonly realHashCost?: boolean;
  /** Node and V8 options for the server process, such as a fixed heap layout. */
  readonly nodeOptions?: readonly string[];
}

export interface ServerProcess {
  readonly url: string;
  readonly storagePath: string;
  readonly child: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** Resident set size and open file descriptors, from /proc. */
  resources(): { rssKiB: number; openFiles: number };
  /** Stops it (SIGTERM: drained and closed; SIGKILL: a crash) and resolves to its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The real server as a user runs it (`node apps/api/dist/main.js`), in its own process. Resolves
 * once it logs the URL it is ready at; every suite that needs a whole server starts it here.
 */
export async function startServerProcess(
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const ownStorage = options.storagePath === undefined;
  const storagePath = options.storagePath ?? mkdtempSync(join(tmpdir(), "pyroscope-server-"));
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeOptions ?? []),
      serverMain,
      `--storage-path=${storagePath}`,
      "--api-bind-addr=127.0.0.1:0",
      "--auth.internal.enabled",
      ...(options.realHashCost ? [] : cheapHashFlags),
      ...(options.flags ?? []),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const removeStorage = () => {
    if (ownStorage) rmSync(storagePath, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    // Searched until found, then no more: the search flattens the whole output collected so far,
    // and a bench's load generator paid for that on every request's log line.
    const watchReady = () => {
      const ready = /"url":"(http[^"]+)"/.exec(output);
      if (!ready?.[1]) return;
      child.stdout?.off("data", watchReady);
      resolve(ready[1]);
    };
    child.stdout?.on("data", watchReady);
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  }).catch((error: unknown) => {
    removeStorage();
    throw error;
  });
  return {
    url,
    storagePath,
    child,
    output: () => output,
    resources() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return {
        rssKiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
        openFiles: readdirSync(`/proc/${child.pid}/fd`).length,
      };
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      removeStorage();
      return code;
    },
  };
}
