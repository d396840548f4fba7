import { accessSync, constants, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { MikroORM, type Options } from "@mikro-orm/sqlite";
import { type Config, ConfigError } from "@pyroscope-auth/auth-core";
import { databaseLocation } from "./database-location.js";
import { ormOptions } from "./mikro-orm.config.js";

export type Orm = MikroORM;

/** What to tell the operator when the database cannot be opened, for the causes they can fix. */
function openFailure(error: unknown): string | undefined {
  switch ((error as { code?: unknown }).code) {
    case "SQLITE_NOTADB":
      return "the file is not an SQLite database (check storage-path and database.url)";
    case "SQLITE_CANTOPEN":
      return "it cannot be opened (check that its folder exists and can be written)";
    case "EEXIST":
    case "ENOTDIR":
      return "a file stands where its folder should be (check storage-path)";
    case "EACCES":
    case "EPERM":
    case "SQLITE_READONLY":
      return "permission denied (check the owner and mode of storage-path and of the files in it)";
    case "EROFS":
      return "its file system is mounted read-only";
    case "SQLITE_CORRUPT":
      return "the file is damaged (restore it from a backup)";
    default:
      return undefined;
  }
}

/**
 * Creates the folder and the file if need be and checks that this user may write both: SQLite
 * opens a file it cannot write read-only and fails only at the first write, without the path.
 * The database holds the password hashes and the JWT secret, so a new folder and file are for
 * this user alone whatever the umask (SQLite gives its -wal and -shm files the file's mode);
 * existing ones keep the mode their owner chose.
 */
function prepareLocation(location: string) {
  const folder = dirname(location);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  try {
    // SQLite takes an empty file for a new database.
    writeFileSync(location, "", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as { code?: unknown }).code !== "EEXIST") throw error;
  }
  accessSync(folder, constants.W_OK | constants.X_OK);
  accessSync(location, constants.R_OK | constants.W_OK);
}

/**
 * What `MikroORM.init` does, less reading the environment: init merges every MIKRO_ORM_*
 * variable, and those of a `.env` file in the working directory, over the options given. A
 * `.env` left there by another project then pointed the CLI at another database file (which it
 * created, with a first-launch admin) or printed every query with its values, password hashes
 * included. This service takes its settings from its own config only. (init's check that all
 * @mikro-orm/* packages have one version is left out too: the lockfile pins them.)
 */
async function openOrm(options: Options): Promise<Orm> {
  const orm = new MikroORM(options);
  await orm.discoverEntities();
  orm.config.getPlatform().init(orm);
  await orm.connect();
  for (const extension of orm.config.get("extensions")) extension.register(orm);
  return orm;
}

/**
 * Opens the configured database (creating it). Call migrateDatabase before use. A database the
 * operator can fix (not SQLite, damaged, no folder, no permission) is a ConfigError naming
 * its path and what to check; anything else is thrown as it came.
 */
export async function createOrm(config: Config): Promise<Orm> {
  const location = databaseLocation(config);
  let orm: Orm | undefined;
  try {
    if (location !== ":memory:") prepareLocation(location);
    orm = await openOrm(ormOptions(location));
    // SQLite reads the file at the first statement: a foreign file is found here, not later.
    await orm.em.getConnection().execute("select count(*) from sqlite_master");
    return orm;
  } catch (error) {
    await orm?.close().catch(() => undefined);
    const reason = openFailure(error);
    if (!reason) throw error;
    throw new ConfigError(`cannot use the database at ${location}: ${reason}`);
  }
}
