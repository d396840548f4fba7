import type { EntityManager } from "@mikro-orm/core";
import { AuthError } from "@pyroscope-auth/auth-core";
import { User } from "../entities/user.entity.js";

/**
 * Nobody may delete, disable or demote the last enabled Admin (the original's rule): called in
 * the change's transaction before `user` loses that standing. Concurrent changes are serialised
 * by the engine (SQLite: one writer, and a transaction that read before another's commit is run
 * again; see inTransaction), so the second of two admins demoting each other sees the first.
 * The first migration's triggers keep the same rule on SQLite as a second guard.
 */
export async function keepAnEnabledAdmin(em: EntityManager, user: User): Promise<void> {
  if (user.role !== "Admin" || user.isDisabled) return;
  const others = await em.count(User, { role: "Admin", isDisabled: false, id: { $ne: user.id } });
  if (others === 0) throw new AuthError("LAST_ADMIN");
}
