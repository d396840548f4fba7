import { LockWaitTimeoutException, UniqueConstraintViolationException } from "@mikro-orm/core";
import type { DbFailure } from "../../db-failure.js";

/** The text the last-enabled-admin triggers abort with (see the first migration). */
const lastAdminAbort = "last enabled admin";

/** What `error`, from an SQLite statement, means; undefined for anything else (thrown as it came). */
export function classifyDbFailure(error: unknown): DbFailure | undefined {
  if (error instanceof UniqueConstraintViolationException) {
    // SQLite: "UNIQUE constraint failed: users.email" (after the statement).
    const constraint = /constraint failed: ([\w.]+)/.exec(error.message)?.[1];
    return constraint ? { kind: "unique", constraint } : undefined;
  }
  if (error instanceof LockWaitTimeoutException || codeOf(error) === "SQLITE_BUSY")
    return { kind: "retry" };
  if (error instanceof Error && error.message.includes(lastAdminAbort))
    return { kind: "guard", rule: "last-enabled-admin" };
  return undefined;
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | undefined)?.code;
}
