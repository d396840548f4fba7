import { realpathSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import { ConfigError } from "@pyroscope-auth/auth-core";

/** Less free room than this, and SQLite's bare "disk I/O error" is the disk being full. */
const nearlyFullBytes = 1024 * 1024;

/** The codes along an error's cause chain (MikroORM, tRPC and our own errors wrap the driver's). */
function errorCodes(error: unknown): unknown[] {
  const codes: unknown[] = [];
  let current = error;
  // A few levels are enough; a cause chain that loops must not hang the error path.
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    codes.push((current as { code?: unknown }).code);
    current = current.cause;
  }
  return codes;
}

/** The folder SQLite writes in: beside the file a symlink names, or where it will be created. */
function databaseFolder(location: string): string {
  try {
    return dirname(realpathSync(location));
  } catch {
    return realpathSync(dirname(location));
  }
}

/** Free room where SQLite writes, as root counts it when we run as root. */
function diskNearlyFull(location: string): boolean {
  try {
    const disk = statfsSync(databaseFolder(location));
    const free = process.geteuid?.() === 0 ? disk.bfree : disk.bavail;
    return free * disk.bsize < nearlyFullBytes;
  } catch {
    return false;
  }
}

/**
 * True when a write failed for lack of space: SQLITE_FULL, ENOSPC (a folder or file of our own),
 * or, given the database's `location`, SQLITE_IOERR on a disk that is (nearly) full: SQLite says
 * only "disk I/O error" when it cannot create its -wal and -shm files at open or grow the -shm
 * file. (A quota exceeded is an I/O error too, not told apart here.) The driver's code survives
 * MikroORM's exception converter; callers may have wrapped it as a `cause`.
 */
export function isStorageFull(error: unknown, location?: string): boolean {
  const codes = errorCodes(error);
  if (codes.includes("SQLITE_FULL") || codes.includes("ENOSPC")) return true;
  return codes.includes("SQLITE_IOERR") && location !== undefined && location !== ":memory:"
    ? diskNearlyFull(location)
    : false;
}

/** The one line for an operator when the database cannot be opened or migrated for lack of space. */
export function diskFullError(location: string): ConfigError {
  return new ConfigError(
    `cannot use the database at ${location}: its disk is full (free space on it and try again)`,
  );
}
