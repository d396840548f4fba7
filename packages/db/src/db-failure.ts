import { LockWaitTimeoutException, UniqueConstraintViolationException } from "@mikro-orm/core";

/** The database's own names for what it refused: services turn them into the contract's answers. */
export type DbFailure =
  /** A unique index refused a duplicate: `table.column` of its first column. */
  | { readonly kind: "unique"; readonly constraint: string }
  /** Another writer got there first and nothing was written: run the transaction again. */
  | { readonly kind: "retry" }
  /** A rule the database also guards (the first migration's triggers) refused the change. */
  | { readonly kind: "guard"; readonly rule: "last-enabled-admin" }
  /** No room left to write: the disk, not the request (a database's `failure` tells it). */
  | { readonly kind: "storage-full" };

/** The text the last-enabled-admin triggers abort with (see the first migration). */
const lastAdminAbort = "last enabled admin";

/** What `error`, from a statement, means; undefined for anything else (thrown as it came). */
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
