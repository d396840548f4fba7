import { statfsSync } from "node:fs";
import { dirname } from "node:path";

/** What to tell the operator, after the database's path. */
export const diskFullReason = "its disk is full (free space on it and try again)";

/** Less free room than this, and SQLite's bare "disk I/O error" is the disk being full. */
const nearlyFullBytes = 1024 * 1024;

function sqliteCode(error: unknown): unknown {
  let current = error;
  // A few levels are enough; a cause chain that loops must not hang the error path.
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
    current = current.cause;
  }
  return undefined;
}

function diskNearlyFull(location: string): boolean {
  try {
    const disk = statfsSync(dirname(location));
    return disk.bavail * disk.bsize < nearlyFullBytes;
  } catch {
    return false;
  }
}

/**
 * True when SQLite could not write for lack of space: SQLITE_FULL (a full disk, a quota, a size
 * cap), or, given the database's `location`, SQLITE_IOERR on a disk that is (nearly) full, which
 * is what SQLite says when it cannot even create the files it needs beside the database. The
 * driver's code survives MikroORM's exception converter; callers may have wrapped it as a
 * `cause` (tRPC does).
 */
export function isStorageFull(error: unknown, location?: string): boolean {
  const code = sqliteCode(error);
  if (code === "SQLITE_FULL") return true;
  return code === "SQLITE_IOERR" && location !== undefined && location !== ":memory:"
    ? diskNearlyFull(location)
    : false;
}
