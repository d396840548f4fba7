import type { EntityManager } from "@mikro-orm/core";
import { AuthError } from "@pyroscope-auth/auth-core";
import type { User } from "../entities/user.entity.js";
import type { ServiceDeps } from "../service-deps.js";
import { ormRunner } from "../sql.js";

/**
 * Nobody may delete, disable or demote the last enabled Admin (the original's rule): called in
 * the change's transaction before `user` loses that standing. Concurrent changes are serialised
 * by the engine, so the second of two admins demoting each other sees the first: SQLite has one
 * writer, and runs again a transaction that read before another's commit (see inTransaction);
 * on PostgreSQL this read locks every enabled Admin's row until the commit, and a second change
 * waits for it, then reads again. The SQLite triggers of the first migration keep the same rule
 * as a second guard.
 */
export async function keepAnEnabledAdmin(
  deps: ServiceDeps,
  em: EntityManager,
  user: User,
): Promise<void> {
  if (user.role !== "Admin" || user.isDisabled) return;
  const enabled = await ormRunner(em).all<{ id: number }>(
    `select "id" from "users" where "role" = ? and "is_disabled" = ?${deps.database.lockRows}`,
    ["Admin", false],
  );
  if (!enabled.some(({ id }) => Number(id) !== user.id)) throw new AuthError("LAST_ADMIN");
}
