import { existsSync } from "node:fs";
import type { Config } from "@pyroscope-auth/auth-core";
import type { Database, OpenDatabaseOptions } from "./database.js";
import { databaseLocation } from "./engine/sqlite/database-location.js";
import { openSqliteDatabase } from "./engine/sqlite/open-sqlite-database.js";

/**
 * Opens the database `database.url` names (creating an embedded SQLite file by default). Call
 * migrateDatabase before use. A database the operator can fix is a ConfigError naming it and
 * what to check.
 */
export function openDatabase(config: Config, options: OpenDatabaseOptions = {}): Promise<Database> {
  return openSqliteDatabase(config, options);
}

/**
 * Whether opening the configured database may find it new (a first launch), told without
 * touching it: --print-config and the start check the first launch's settings only then.
 */
export function mayBeFirstLaunch(config: Config): boolean {
  return !existsSync(databaseLocation(config));
}
