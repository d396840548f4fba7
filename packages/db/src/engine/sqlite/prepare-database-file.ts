import { accessSync, closeSync, constants, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Creates the folder and the file if need be and checks that this user may write both: SQLite
 * opens a file it cannot write read-only and fails only at the first write, without the path.
 * The database holds the password hashes and the JWT secret, so a new folder and file are for
 * this user alone whatever the umask (SQLite gives its -wal and -shm files the file's mode);
 * existing ones keep the mode their owner chose.
 */
export function prepareDatabaseFile(location: string) {
  const folder = dirname(location);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // Created empty if missing (SQLite takes that for a new database), through a symlink too;
  // an existing file is neither truncated nor changed.
  closeSync(openSync(location, constants.O_CREAT | constants.O_WRONLY, 0o600));
  accessSync(folder, constants.W_OK | constants.X_OK);
  accessSync(location, constants.R_OK | constants.W_OK);
}
