import { existsSync, statSync } from "node:fs";
import { type Config, ConfigError } from "@pyroscope-auth/auth-core";
import {
  type Database,
  MissingDatabaseError,
  type OpenDatabaseOptions,
  registerOrm,
} from "../../database.js";
import { isDatabaseEmpty } from "../../migrate.js";
import { createOrm } from "./create-orm.js";
import { databaseExposure } from "./database-exposure.js";
import { databaseLocation } from "./database-location.js";
import { openFastReads } from "./fast-reads.js";
import { classifyDbFailure } from "./sqlite-failure.js";
import { isStorageFull } from "./storage-full.js";
import { openWalIndexStamp, type WalIndexStamp } from "./wal-index-stamp.js";
import { watchDatabaseFile } from "./watch-database-file.js";

/** Refuses what `existing` rules out before anything is opened, or created. */
function checkExisting(location: string): void {
  if (location === ":memory:") {
    // It would be created, changed and dropped within the command, reporting success.
    throw new ConfigError(
      "database.url is :memory:, which no server shares: point --storage-path or database.url at the server's database",
    );
  }
  // A file with nothing in it yet (touched, say) is no database either, and stays untouched.
  if (!existsSync(location) || statSync(location).size === 0)
    throw new MissingDatabaseError(missingAt(location));
}

const missingAt = (location: string) =>
  `no database at ${location}: start the server once to create it, or check --storage-path and --config`;

/** The SQLite engine: one file (or `:memory:`), WAL, a fast read connection, the file watched. */
export async function openSqliteDatabase(
  config: Config,
  options: OpenDatabaseOptions,
): Promise<Database> {
  const location = databaseLocation(config);
  if (options.existing) checkExisting(location);
  const orm = await createOrm(config);
  let stamp: WalIndexStamp | undefined;
  try {
    // Nor is one that a first launch left before its migration committed.
    if (options.existing && (await isDatabaseEmpty(orm, "sqlite")))
      throw new MissingDatabaseError(missingAt(location));
    const fileInPlace = watchDatabaseFile(location);
    // After the migration: the first commit made the WAL index.
    stamp = location === ":memory:" ? undefined : openWalIndexStamp(location);
    const reads = await openFastReads(orm, stamp);
    const database: Database = {
      engine: "sqlite",
      where: location,
      fork: () => orm.em.fork(),
      reads,
      lockRows: "",
      lockNames: async () => undefined,
      failure: (error) =>
        isStorageFull(error, location) ? { kind: "storage-full" } : classifyDbFailure(error),
      trouble: async () =>
        fileInPlace()
          ? undefined
          : {
              status: "database file removed or replaced",
              detail: `the database file ${location} was removed or replaced while the server ran: what is written now is lost at the next start; stop the server and put the file back`,
            },
      warnings() {
        const exposure = databaseExposure(location);
        return exposure ? [exposure] : [];
      },
      async close() {
        await reads.close();
        await orm.close();
        stamp?.close();
      },
    };
    registerOrm(database, orm);
    return database;
  } catch (error) {
    await orm.close();
    stamp?.close();
    throw error;
  }
}
