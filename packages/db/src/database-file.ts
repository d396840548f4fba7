import { statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Returns a check that the database file opened at `location` is still the one at that path.
 * SQLite goes on writing to a file removed or replaced under it: everything written from then on
 * is lost at the next start, which would also begin afresh with a first-launch admin.
 */
export function watchDatabaseFile(location: string): () => boolean {
  if (location === ":memory:") return () => true;
  const opened = statSync(location);
  return () => {
    try {
      const now = statSync(location);
      return now.ino === opened.ino && now.dev === opened.dev;
    } catch {
      return false;
    }
  };
}

/**
 * A warning when other users of the machine can read the database (password hashes, the JWT
 * secret): new ones are private, but an older release or an operator may have made them open.
 */
export function databaseExposure(location: string): string | undefined {
  if (location === ":memory:") return undefined;
  const file = statSync(location).mode;
  const folder = statSync(dirname(location)).mode;
  const byGroup = (file & 0o040) !== 0 && (folder & 0o010) !== 0;
  const byOthers = (file & 0o004) !== 0 && (folder & 0o001) !== 0;
  if (!byGroup && !byOthers) return undefined;
  return `the database ${location} can be read by other users of this machine (it holds password hashes and the JWT secret): chmod 600 it, or 700 its folder`;
}
