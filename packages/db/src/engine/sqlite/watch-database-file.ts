import { statSync } from "node:fs";

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
