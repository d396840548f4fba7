import { type Config, ConfigError } from "@pyroscope-auth/auth-core";
import { type Orm, openOrm } from "../../open-orm.js";
import { databaseLocation } from "./database-location.js";
import { ormOptions } from "./mikro-orm.config.js";
import { prepareDatabaseFile } from "./prepare-database-file.js";
import { diskFullError, isStorageFull } from "./storage-full.js";

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
    case "EISDIR":
      return "a folder stands where the file should be (check storage-path and database.url)";
    case "EACCES":
    case "EPERM":
      return "permission denied (check the owner and mode of storage-path and of the files in it)";
    case "EROFS":
      return "its file system is mounted read-only";
    case "SQLITE_CORRUPT":
      return "the file is damaged (restore it from a backup)";
    case "ENOENT":
      return "it cannot be found or created (check storage-path, database.url and any symlink on the way)";
    default:
      return undefined;
  }
}

/**
 * Opens the configured database (creating it). Call migrateDatabase before use. A database the
 * operator can fix (not SQLite, damaged, no folder, no permission, a full disk) is a ConfigError
 * naming its path and what to check; anything else is thrown as it came.
 */
export async function createOrm(config: Config): Promise<Orm> {
  const location = databaseLocation(config);
  let orm: Orm | undefined;
  try {
    if (location !== ":memory:") prepareDatabaseFile(location);
    orm = await openOrm(ormOptions(location));
    // SQLite reads the file at the first statement: a foreign file is found here, not later.
    await orm.em.getConnection().execute("select count(*) from sqlite_master");
    return orm;
  } catch (error) {
    await orm?.close().catch(() => undefined);
    if (isStorageFull(error, location)) throw diskFullError(location);
    const reason = openFailure(error);
    if (!reason) throw error;
    throw new ConfigError(`cannot use the database at ${location}: ${reason}`);
  }
}
