import type { ServiceDeps } from "../service-deps.js";

/**
 * Runs a write that only records activity (a session's or a key's last use). When the database
 * has no room for it, it is skipped, so that the request it came with, a read, goes on.
 * Resolves to whether it wrote.
 */
export async function unlessStorageFull(
  deps: ServiceDeps,
  write: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (deps.database.failure(error)?.kind === "storage-full") return false;
    throw error;
  }
}
