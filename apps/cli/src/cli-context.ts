import type { Readable, Writable } from "node:stream";
import type { Config } from "@pyroscope-auth/auth-core";
import {
  createServiceDeps,
  type Database,
  MissingDatabaseError,
  migrateDatabase,
  openDatabase,
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
 * is, both write (SQLite: WAL and the busy timeout; PostgreSQL: row locks). A database that does not exist yet is refused,
 * not created: a mistyped --storage-path must not "reset" a password in a new, empty database.
 */
export async function withDatabase<T>(
  config: Config,
  command: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  let database: Database;
  try {
    database = await openDatabase(config, { existing: true });
  } catch (error) {
    if (error instanceof MissingDatabaseError) throw new CliError(error.message);
    throw error;
  }
  try {
    const deps = createServiceDeps(config, database);
    await migrateDatabase(deps);
    return await command({ em: database.fork(), deps, actor: { kind: "cli" } });
  } catch (error) {
    switch (database.failure(error)?.kind) {
      // The write was rolled back: what the operator needs is which disk to clear.
      case "storage-full":
        throw new CliError(
          `the database at ${database.where} is full: free space on its disk, then run the command again`,
        );
      // Another process held its write lock past every wait and retry.
      case "retry":
        throw new CliError(
          `the database at ${database.where} stayed locked by another process: run the command again once it is free`,
        );
      // A PostgreSQL server went away during the command; what was not committed is undone.
      case "unavailable":
        throw new CliError(
          `the database at ${database.where} could not be reached: run the command again once it is back`,
        );
      default:
        throw error;
    }
  } finally {
    await database.close();
  }
}

export function print(io: CliIo, text: string): void {
  io.stdout.write(`${text}\n`);
}
