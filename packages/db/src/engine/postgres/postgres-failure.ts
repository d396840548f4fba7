import {
  ConnectionException,
  DeadlockException,
  LockWaitTimeoutException,
  UniqueConstraintViolationException,
} from "@mikro-orm/core";
import type { DbFailure } from "../../db-failure.js";

/** SQLSTATE classes and codes (PostgreSQL appendix A) and the socket errors of losing the server. */
const retryCodes = new Set(["40001", "40P01", "55P03"]);
const unavailableCodes = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

function field(error: unknown, name: string): string | undefined {
  const value = (error as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * What a PostgreSQL error means. A unique violation is named `table.column`, as on SQLite, from
 * the index MikroORM names `<table>_<column>_unique`.
 */
export function classifyPostgresFailure(error: unknown): DbFailure | undefined {
  const code = field(error, "code") ?? "";
  if (error instanceof UniqueConstraintViolationException || code === "23505") {
    const table = field(error, "table");
    const index = field(error, "constraint");
    const column =
      table && index?.startsWith(`${table}_`) && index.endsWith("_unique")
        ? index.slice(table.length + 1, -"_unique".length)
        : undefined;
    return table && column ? { kind: "unique", constraint: `${table}.${column}` } : undefined;
  }
  if (
    error instanceof DeadlockException ||
    error instanceof LockWaitTimeoutException ||
    retryCodes.has(code)
  )
    return { kind: "retry" };
  if (code === "53100") return { kind: "storage-full" };
  if (
    error instanceof ConnectionException ||
    code.startsWith("08") ||
    unavailableCodes.has(code) ||
    (error instanceof Error && error.name === "KnexTimeoutError") ||
    /Connection terminated|connection timeout|timeout expired|Client has encountered a connection error/i.test(
      error instanceof Error ? error.message : "",
    )
  )
    return { kind: "unavailable" };
  return undefined;
}
