import { existsSync, statSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { type Config, ConfigError } from "@pyroscope-auth/auth-core";
import {
  classifyDbFailure,
  createOrm,
  createServiceDeps,
  databaseLocation,
  isDatabaseEmpty,
  isStorageFull,
  migrateDatabase,
  type ServiceContext,
} from "@pyroscope-auth/db";
import { CliError } from "./cli-error.js";

/** What commands get: where to write, what to read, and the process environment's answers. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  /** PYROSCOPE_USERNAME / PYROSCOPE_PASSWORD / PYROSCOPE_ENABLE, as the original reads them. */
  readonly env: {
    readonly username?: string;
    readonly password?: string;
    readonly enable?: string;
  };
}

export interface CliRuntime {
  readonly config: Config;
  readonly io: CliIo;
}

/**
 * Opens the configured database for one command (applying any migration it lacks, as the server
 * would), runs it as the actor `cli`, and always closes it. The server need not be running; when it
 * is, WAL and the busy timeout let both write. A database that does not exist yet is refused,
 * not created: a mistyped --storage-path must not "reset" a password in a new, empty database.
 */
export async function withDatabase<T>(
  config: Config,
  command: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  const location = databaseLocation(config);
  if (location === ":memory:") {
    // It would be created, changed and dropped within the command, reporting success.
    throw new ConfigError(
      "database.url is :memory:, which no server shares: point --storage-path or database.url at the server's database",
    );
  }
  const missing = `no database at ${location}: start the server once to create it, or check --storage-path and --config`;
  // A file with nothing in it yet (touched, say) is no database either, and stays untouched.
  if (!existsSync(location) || statSync(location).size === 0) throw new CliError(missing);
  const deps = createServiceDeps(config);
  const orm = await createOrm(config);
  try {
    // Nor is one that a first launch left before its migration committed.
    if (await isDatabaseEmpty(orm)) throw new CliError(missing);
    await migrateDatabase(orm, deps);
    return await command({ em: orm.em.fork(), deps, actor: { kind: "cli" } });
  } catch (error) {
    // SQLite rolled the write back: what the operator needs is which disk to clear.
    if (isStorageFull(error, location))
      throw new CliError(
        `the database at ${location} is full: free space on its disk, then run the command again`,
      );
    // Another process held its write lock past every wait and retry.
    if (classifyDbFailure(error)?.kind === "retry")
      throw new CliError(
        `the database at ${location} stayed locked by another process: run the command again once it is free`,
      );
    throw error;
  } finally {
    await orm.close();
  }
}

export function print(io: CliIo, text: string): void {
  io.stdout.write(`${text}\n`);
}
