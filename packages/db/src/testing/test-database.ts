import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EntityManager } from "@mikro-orm/core";
import { type Config, loadConfig } from "@pyroscope-auth/auth-core";
import { inject } from "vitest";
import { type Database, ormOf } from "../database.js";
import { migrateDatabase } from "../migrate.js";
import { openDatabase } from "../open-database.js";
import type { Orm } from "../open-orm.js";
import {
  type Actor,
  createServiceDeps,
  type ServiceContext,
  type ServiceDeps,
} from "../service-deps.js";
import type { SecondStepNeeded, SignedIn } from "../services/login.js";
import { createTestPostgresDatabase } from "./test-postgres-databases.js";

/** A sign-in that opened a session: the test's account has no second factor. */
export function expectSignedIn(step: SignedIn | SecondStepNeeded): SignedIn {
  if (!("session" in step)) throw new Error("the sign-in asked for a second factor");
  return step;
}

/** A clock that tests move by hand, so that delays and expiries need no sleeping. */
export function createTestClock(start = new Date("2026-01-01T00:00:00Z")) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface TestDatabase {
  readonly database: Database;
  /** The ORM behind `database`, for this package's own tests. */
  readonly orm: Orm;
  readonly deps: ServiceDeps;
  readonly clock: ReturnType<typeof createTestClock>;
  /** Folder holding the SQLite file (file databases only). */
  readonly storagePath: string;
  /** A fresh EntityManager fork per call, as one request or command has. */
  ctx(actor?: Actor, client?: { ip?: string; userAgent?: string }): ServiceContext;
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Config flags, e.g. `--auth.internal.signup-enabled`. */
  readonly flags?: string[];
  /** A real file in a temp folder instead of `:memory:`. */
  readonly file?: boolean;
  /** Reuse a folder (reopening a database). */
  readonly storagePath?: string;
  /** Keep argon2 at its production cost instead of the cheap test parameters. */
  readonly realHashCost?: boolean;
}

/** The engine this test run's databases are on (see testDatabaseUrl). */
export const testEngine = (): Database["engine"] =>
  inject("postgresServer") ? "postgresql" : "sqlite";

/** The PostgreSQL database of each storage folder still there (see testDatabaseUrl). */
const postgresOfStoragePath = new Map<string, { url: string; drop(): Promise<void> }>();

/**
 * The database.url of a test database: when the run names a PostgreSQL server (the
 * postgresql projects), a database on it that lives as long as the storage folder, as a
 * SQLite file in it would (a folder reopened gets the same one again); otherwise SQLite, in
 * the folder or in memory.
 */
async function testDatabaseUrl(options: TestDatabaseOptions, storagePath: string) {
  const server = inject("postgresServer");
  if (!server) {
    const url = options.file || options.storagePath ? undefined : ":memory:";
    return { url, drop: async () => undefined };
  }
  const known = postgresOfStoragePath.get(storagePath);
  if (known) return known;
  const created = await createTestPostgresDatabase(server);
  const entry = {
    url: created.url,
    async drop() {
      postgresOfStoragePath.delete(storagePath);
      await created.drop();
    },
  };
  postgresOfStoragePath.set(storagePath, entry);
  return entry;
}

export interface TestConfig {
  readonly config: Config;
  readonly storagePath: string;
  /** Removes the storage folder and the database with it (a PostgreSQL one too). */
  drop(): Promise<void>;
}

/** The config a test database is opened with (see testDatabaseUrl), cheap hashing included. */
export async function createTestConfig(options: TestDatabaseOptions = {}): Promise<TestConfig> {
  const storagePath = options.storagePath ?? mkdtempSync(join(tmpdir(), "pyroscope-db-"));
  const database = await testDatabaseUrl(options, storagePath);
  const cheapHash = options.realHashCost
    ? []
    : ["--auth.password-hash.memory-kib=1024", "--auth.password-hash.iterations=1"];
  const { config } = loadConfig({
    argv: [
      "--auth.internal.enabled",
      `--storage-path=${storagePath}`,
      ...(database.url ? [`--database.url=${database.url}`] : []),
      ...cheapHash,
      ...(options.flags ?? []),
    ],
    env: {},
  });
  return {
    config,
    storagePath,
    async drop() {
      rmSync(storagePath, { recursive: true, force: true });
      await database.drop();
    },
  };
}

/**
 * The config flags that put a server or CLI process on `storagePath`'s test database: none for
 * the SQLite file in it, or `--database.url` of its PostgreSQL database (see testDatabaseUrl).
 */
export async function testDatabaseFlags(storagePath: string): Promise<string[]> {
  const { url } = await testDatabaseUrl({ storagePath }, storagePath);
  return url ? [`--database.url=${url}`] : [];
}

/**
 * Opens and migrates a real database with the services wired as in production: SQLite, or
 * PostgreSQL when the run provides a server (see testDatabaseUrl).
 */
export async function openTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const { config, storagePath, drop } = await createTestConfig(options);
  const clock = createTestClock();
  const database = await openDatabase(config);
  const deps = createServiceDeps(config, database, { now: clock.now });
  await migrateDatabase(deps);
  const orm = ormOf(database);
  return {
    database,
    orm,
    deps,
    clock,
    storagePath,
    ctx: (actor = { kind: "cli" }, client = {}) => ({
      em: orm.em.fork(),
      deps,
      actor,
      clientIp: client.ip ?? "127.0.0.1",
      userAgent: client.userAgent,
    }),
    async close() {
      await database.close();
      // A folder the test brought is the test's to remove, with its database.
      if (!options.storagePath) await drop();
    },
  };
}

/** Test databases opened through `open`, all closed by `closeAll` (an afterEach). */
export function testDatabases() {
  const opened: TestDatabase[] = [];
  return {
    async open(options?: TestDatabaseOptions): Promise<TestDatabase> {
      const db = await openTestDatabase(options);
      opened.push(db);
      return db;
    },
    async closeAll(): Promise<void> {
      // Latest first: one reopening another's folder closes before that folder and database go.
      for (const db of opened.splice(0).reverse()) await db.close();
    },
  };
}

/**
 * Lets the database file grow no further, as a full disk would: SQLite keeps writing into the
 * free room of the pages it has, then refuses with SQLITE_FULL. The cap holds for the ORM's
 * connection (the one that writes, shared by every fork of `em`). Returns a function that lifts it, as freeing space would.
 */
export async function capDatabaseSize(em: EntityManager): Promise<() => Promise<void>> {
  const connection = em.getConnection();
  const pragma = async (name: string) =>
    Object.values(((await connection.execute(`pragma ${name}`)) as object[])[0] ?? {})[0];
  const limit = await pragma("max_page_count");
  await connection.execute(`pragma max_page_count = ${await pragma("page_count")}`);
  return async () => {
    await connection.execute(`pragma max_page_count = ${limit}`);
  };
}

export interface SmallDisk {
  readonly path: string;
  /** Takes all the room left, as a disk fills up. */
  fill(): void;
  /** Throws when a file on it is still open (and unmounts it lazily). */
  unmount(): void;
}

/**
 * A real file system (tmpfs) of `bytes` and at most `files` files and folders, at a new temp
 * folder, to fill up. Undefined when this process may not mount one (not root), for the test to
 * skip.
 */
export function mountSmallDisk({
  bytes = 1024 * 1024,
  files = 1000,
}: {
  bytes?: number;
  files?: number;
} = {}): SmallDisk | undefined {
  const path = mkdtempSync(join(tmpdir(), "pyroscope-small-disk-"));
  const remove = () => rmSync(path, { recursive: true, force: true });
  try {
    execFileSync(
      "mount",
      ["-t", "tmpfs", "-o", `size=${bytes},nr_inodes=${files}`, "tmpfs", path],
      { stdio: "ignore" },
    );
  } catch {
    remove();
    return undefined;
  }
  return {
    path,
    fill() {
      try {
        writeFileSync(join(path, "filler"), Buffer.alloc(bytes));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      }
    },
    unmount() {
      try {
        execFileSync("umount", [path], { stdio: "ignore" });
      } catch {
        // Detached at once, freed when the last file on it is closed.
        execFileSync("umount", ["--lazy", path]);
        remove();
        throw new Error(`a file on ${path} was left open (umount: target is busy)`);
      }
      remove();
    },
  };
}

export { freePort } from "./free-port.js";
export { createTestPostgresDatabase } from "./test-postgres-databases.js";
export {
  startPostgresWithDatabase,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from "./throwaway-postgres.js";
export { totpCode } from "./totp-code.js";
