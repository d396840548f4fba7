import { setTimeout as sleep } from "node:timers/promises";
import {
  type EntityManager,
  LockWaitTimeoutException,
  UniqueConstraintViolationException,
} from "@mikro-orm/core";
import { AuthError } from "@pyroscope-auth/auth-core";
import type { ServiceContext } from "../service-deps.js";

/** Raised by the database triggers of the first migration; see there. */
const lastAdminAbort = "last enabled admin";
const attempts = 5;

/**
 * Runs `work` in one transaction and turns constraint failures into the original's messages: a
 * race between two creates of one name ends in "user with this name already exists", never in
 * a raw SQL error, and a refused change leaves nothing half-written.
 *
 * SQLite answers "database is locked" at once, without waiting, when a transaction that began
 * by reading tries to write after another connection (the CLI beside the server) committed.
 * Nothing was written then, so the whole transaction is simply run again on fresh data.
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
      if (error instanceof LockWaitTimeoutException && attempt < attempts) {
        await sleep(10 * 2 ** attempt * Math.random());
        continue;
      }
      if (error instanceof UniqueConstraintViolationException) {
        if (/users\.email/.test(error.message)) throw new AuthError("USER_EMAIL_EXISTS");
        if (/users\.name/.test(error.message)) throw new AuthError("USER_NAME_EXISTS");
        if (/api_keys\.name/.test(error.message)) throw new AuthError("API_KEY_NAME_EXISTS");
      }
      if (error instanceof Error && error.message.includes(lastAdminAbort))
        throw new AuthError("LAST_ADMIN");
      throw error;
    }
  }
}
