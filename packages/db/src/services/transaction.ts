import { setTimeout as sleep } from "node:timers/promises";
import type { EntityManager } from "@mikro-orm/core";
import { AuthError, type AuthErrorCode } from "@pyroscope-auth/auth-core";
import type { ServiceContext } from "../service-deps.js";

/** Enough for 20 transactions on two connections all colliding at once on a loaded machine. */
const attempts = 8;

/** The answer to a duplicate, by the unique index that refused it. */
const duplicateAnswers: Readonly<Record<string, AuthErrorCode>> = {
  "users.name": "USER_NAME_EXISTS",
  "users.email": "USER_EMAIL_EXISTS",
  "api_keys.name": "API_KEY_NAME_EXISTS",
};

/**
 * Runs `work` in one transaction and turns the database's refusals into the original's
 * messages: a race between two creates of one name ends in "user with this name already
 * exists", never in a raw SQL error, and a refused change leaves nothing half-written.
 *
 * SQLite answers "database is locked" at once, without waiting, when a transaction that began
 * by reading tries to write after another connection (the CLI beside the server) committed;
 * PostgreSQL may end one of two transactions that wait on each other's row locks. Nothing was
 * written then, so the whole transaction is simply run again on fresh data.
 */
export async function inTransaction<T>(
  ctx: ServiceContext,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.em.transactional(async (em) => {
        const result = await work(em);
        await em.flush();
        return result;
      });
    } catch (error) {
      const failure = ctx.deps.database.failure(error);
      if (failure?.kind === "retry" && attempt < attempts) {
        await sleep(10 * 2 ** Math.min(attempt, 5) * Math.random());
        continue;
      }
      const duplicate =
        failure?.kind === "unique" ? duplicateAnswers[failure.constraint] : undefined;
      if (duplicate) throw new AuthError(duplicate);
      if (failure?.kind === "guard") throw new AuthError("LAST_ADMIN");
      throw error;
    }
  }
}
