import { existsSync } from "node:fs";
import type { Config } from "@pyroscope-auth/auth-core";
import type { Database, OpenDatabaseOptions } from "./database.js";
import { engineOf } from "./engine/engine-of.js";
import { openPostgresDatabase } from "./engine/postgres/open-postgres-database.js";
import { postgresTarget } from "./engine/postgres/postgres-url.js";
import { databaseLocation } from "./engine/sqlite/database-location.js";
import { openSqliteDatabase } from "./engine/sqlite/open-sqlite-database.js";

/**
 * Opens the database `database.url` names: PostgreSQL for a postgres:// URL, otherwise an
 * embedded SQLite file (created if need be). Call
 * migrateDatabase before use. A database the operator can fix is a ConfigError naming it and
 * what to check.
 */
export function openDatabase(config: Config, options: OpenDatabaseOptions = {}): Promise<Database> {
  return engineOf(config) === "postgresql"
    ? openPostgresDatabase(config, options)
    : openSqliteDatabase(config, options);
}

/** Checks `database.url` without opening anything (--print-config runs it too). */
export function checkDatabaseUrl(config: Config): void {
  if (engineOf(config) === "postgresql") postgresTarget(config["database.url"]);
  else databaseLocation(config);
}

/**
 * Whether opening the configured database may find it new (a first launch), told without
 * touching it: --print-config and the start check the first launch's settings only then.
 */
export function mayBeFirstLaunch(config: Config): boolean {
  return engineOf(config) === "postgresql" || !existsSync(databaseLocation(config));
}
