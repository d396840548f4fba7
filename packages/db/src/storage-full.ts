/**
 * True when SQLite refused a write for lack of space (SQLITE_FULL): a full disk, a quota, a size
 * cap. The driver's code survives MikroORM's exception converter; callers may have wrapped it as
 * a `cause` (tRPC does).
 */
export function isStorageFull(error: unknown): boolean {
  let current = error;
  // A few levels are enough; a cause chain that loops must not hang the error path.
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if ((current as { code?: unknown }).code === "SQLITE_FULL") return true;
    current = current.cause;
  }
  return false;
}
