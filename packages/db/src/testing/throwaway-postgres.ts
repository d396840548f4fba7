import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { createTestPostgresDatabase } from "./test-postgres-databases.js";

/** A PostgreSQL server of its own for a test run, in a temp folder, gone once stopped. */
export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>`: append `/<database>`. */
  readonly url: string;
  /** Stops the server, keeping its data, as an outage would. */
  pause(): void;
  /** Starts it again, on the same port, with its data. */
  resume(): void;
  stop(): void;
}

/** Debian's PostgreSQL binaries, the newest version installed. */
function binFolder(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error("PostgreSQL is not installed: apt-get install -y postgresql");
  return join(root, versions[0], "bin");
}

/**
 * initdb and pg_ctl, as the `postgres` user when this process is root (initdb refuses root),
 * on a free port of 127.0.0.1 and a socket in the folder. Durability is off (fsync): a
 * throwaway cluster never survives a crash anyway.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = binFolder();
  const folder = mkdtempSync(join(tmpdir(), "pyroscope-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(folder, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [command, ...rest] = asRoot
      ? ["runuser", "-u", "postgres", "--", join(bin, tool), ...args]
      : [join(bin, tool), ...args];
    return spawnSync(command as string, rest, { encoding: "utf8" });
  };
  const data = join(folder, "data");
  const log = join(folder, "log");
  const init = run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  if (init.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr.trim()}`);
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    rmSync(folder, { recursive: true, force: true });
  };
  // A run that ends without its teardown (a crash, a kill by the test runner) leaves no server.
  process.once("exit", stop);
  const logTail = () =>
    existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-10).join("\n") : "";
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    const start = () => run("pg_ctl", ["-D", data, "-o", options, "-l", log, "-w", "start"]);
    const started = start();
    if (started.status === 0)
      return {
        url: `postgres://postgres@127.0.0.1:${port}`,
        pause() {
          run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
        },
        resume() {
          const resumed = start();
          if (resumed.status !== 0)
            throw new Error(
              `PostgreSQL did not start again: ${resumed.stderr.trim()}\n${logTail()}`,
            );
        },
        stop,
      };
    // Another process may have taken the port between the probe and the start.
    if (attempt === 3) {
      const tail = logTail();
      stop();
      throw new Error(`PostgreSQL did not start: ${started.stderr.trim()}\n${tail}`);
    }
  }
}

/** A throwaway server with one new, empty database on it: `url` names the database. */
export async function startPostgresWithDatabase(): Promise<{
  server: ThrowawayPostgres;
  url: string;
}> {
  const server = await startThrowawayPostgres();
  try {
    return { server, url: (await createTestPostgresDatabase(server.url)).url };
  } catch (error) {
    server.stop();
    throw error;
  }
}
