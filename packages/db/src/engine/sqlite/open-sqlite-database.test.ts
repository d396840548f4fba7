import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ConfigError, loadConfig } from "@pyroscope-auth/auth-core";
import { afterEach, describe, expect, it } from "vitest";
import { type Database, MissingDatabaseError } from "../../database.js";
import { migrateDatabase } from "../../migrate.js";
import { openDatabase } from "../../open-database.js";
import { createServiceDeps } from "../../service-deps.js";

const folders: string[] = [];
const opened: Database[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function configIn(argv: string[] = []) {
  const storagePath = mkdtempSync(join(tmpdir(), "pyroscope-open-"));
  folders.push(storagePath);
  const { config } = loadConfig({ argv: [`--storage-path=${storagePath}`, ...argv], env: {} });
  return { config, file: join(storagePath, "pyroscope.sqlite3") };
}

async function open(...args: Parameters<typeof openDatabase>) {
  const database = await openDatabase(...args);
  opened.push(database);
  return database;
}

/** The POSIX locks this process holds on `file`, from /proc/locks (matched by inode). */
function ownLocks(file: string): number {
  const inode = statSync(file).ino;
  return readFileSync("/proc/locks", "utf8")
    .split("\n")
    .filter((line) => {
      const [, kind, , , pid, device] = line.trim().split(/\s+/);
      return kind === "POSIX" && Number(pid) === process.pid && device?.endsWith(`:${inode}`);
    }).length;
}

describe("an SQLite database, as the apps see it", () => {
  it("closed while another of this process is open on the same file, leaves that one's locks", async () => {
    // Another process that found no lock on the WAL index would rebuild it under the open one.
    const { config, file } = configIn();
    const first = await open(config);
    await migrateDatabase(createServiceDeps(config, first));
    const second = await openDatabase(config);
    expect(await second.reads.userForSignIn("admin")).toBeDefined();
    const held = ownLocks(`${file}-shm`);
    expect(held).toBeGreaterThan(0);
    await second.close();
    expect(ownLocks(`${file}-shm`)).toBe(held);
  });

  it("when it must exist already, refuses :memory:, a missing file and an empty one, creating nothing", async () => {
    const memory = configIn(["--database.url=:memory:"]);
    await expect(openDatabase(memory.config, { existing: true })).rejects.toThrow(ConfigError);

    const missing = configIn();
    await expect(openDatabase(missing.config, { existing: true })).rejects.toThrow(
      new MissingDatabaseError(
        `no database at ${missing.file}: start the server once to create it, or check --storage-path and --config`,
      ),
    );
    expect(existsSync(missing.file)).toBe(false);

    writeFileSync(missing.file, "");
    await expect(openDatabase(missing.config, { existing: true })).rejects.toThrow(
      MissingDatabaseError,
    );

    // Opened by a server, but never migrated (a first launch that crashed).
    await (await openDatabase(missing.config)).close();
    await expect(openDatabase(missing.config, { existing: true })).rejects.toThrow(
      MissingDatabaseError,
    );
  });

  it("names its file, reports the file replaced under it, and warns when others may read it", async () => {
    const { config, file } = configIn();
    const database = await open(config);
    await migrateDatabase(createServiceDeps(config, database));
    expect(database.where).toBe(file);
    expect(await database.trouble()).toBeUndefined();
    expect(database.warnings()).toEqual([]);

    // Others may read the file and enter its folder.
    chmodSync(file, 0o644);
    chmodSync(dirname(file), 0o755);
    expect(database.warnings()).toEqual([expect.stringContaining(`chmod 600 ${file}`)]);

    renameSync(file, `${file}.moved`);
    writeFileSync(file, "");
    expect(await database.trouble()).toEqual({
      status: "database file removed or replaced",
      detail: expect.stringContaining(`the database file ${file} was removed or replaced`),
    });
  });

  it("tells a write refused for lack of room from other failures", async () => {
    const database = await open(configIn(["--database.url=:memory:"]).config);
    const failure = (code: string) => Object.assign(new Error(code), { code });
    expect(database.failure(failure("SQLITE_FULL"))).toEqual({ kind: "storage-full" });
    expect(database.failure(failure("SQLITE_BUSY"))).toEqual({ kind: "retry" });
    expect(database.failure(failure("SQLITE_CONSTRAINT"))).toBeUndefined();
  });
});
