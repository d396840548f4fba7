import type { EntityManager } from "@mikro-orm/core";
import type { AbstractSqlConnection } from "@mikro-orm/sqlite";

/**
 * Plain SQL statements, for the paths where MikroORM's unit of work costs more than the work
 * (~1-4 ms per entity operation against ~0.3 ms for a statement; see packages/db bench).
 */
export interface SqlRunner {
  get<T>(sql: string, params: unknown[]): Promise<T | undefined>;
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** Resolves to the number of rows changed. */
  run(sql: string, params: unknown[]): Promise<number>;
}

/**
 * Statements through the ORM's own connection, inside `em`'s transaction when it has one, with
 * real bound parameters (MikroORM's `execute` would splice the values into the SQL text, which a
 * NUL character in a user name breaks). Errors go through MikroORM's converter, so constraint
 * failures keep their exception types.
 */
export function ormRunner(em: EntityManager): SqlRunner {
  const knex = (em.getConnection() as AbstractSqlConnection).getKnex();
  async function query<T>(sql: string, params: unknown[]): Promise<T> {
    const statement = knex.raw(sql, params as never[]);
    const transaction = em.getTransactionContext();
    if (transaction) statement.transacting(transaction);
    try {
      return (await statement) as T;
    } catch (error) {
      throw em
        .getPlatform()
        .getExceptionConverter()
        .convertException(error as Error);
    }
  }
  // knex hands SQLite's rows over as they are and PostgreSQL's in a result object.
  const rows = async <T>(sql: string, params: unknown[]) => {
    const result = await query<T[] | { rows: T[] }>(sql, params);
    return Array.isArray(result) ? result : result.rows;
  };
  return {
    get: async <T>(sql: string, params: unknown[]) => (await rows<T>(sql, params))[0],
    all: rows,
    run: async (sql, params) => {
      const result = await query<{ changes?: number; rowCount?: number | null }>(sql, params);
      return result.changes ?? result.rowCount ?? 0;
    },
  };
}

/**
 * A time read by a plain statement, in epoch ms. Statements bind times as Dates and flags as
 * booleans, which every engine's driver stores as its ORM does (SQLite: epoch ms and 0/1;
 * PostgreSQL: timestamptz and boolean); what comes back differs, and is read here and by flagOf:
 * SQLite's numbers, and PostgreSQL's text (`2026-01-01 10:00:00.123+00`, as MikroORM has its
 * driver return timestamps).
 */
export function msOf(value: unknown): number {
  if (typeof value === "number") return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") {
    const ms = Date.parse(value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
    if (!Number.isNaN(ms)) return ms;
  }
  throw new TypeError(`not a stored time: ${typeof value}`);
}

/** `text` with NUL, which PostgreSQL's text cannot hold, as U+FFFD (on every engine alike). */
export const storableText = (text: string): string => text.replaceAll("\0", "\uFFFD");

export const optionalMsOf = (value: unknown): number | null =>
  value === null || value === undefined ? null : msOf(value);

/** A flag read by a plain statement: 0/1 (SQLite) or a boolean (PostgreSQL). */
export const flagOf = (value: unknown): boolean => value === true || value === 1;

/**
 * What may be logged of an error. Driver errors (knex) start with the failing SQL, on SQLite
 * with its bound values spliced in, which can be a password hash or a session digest: only the
 * database's own reason is kept (after the last " - " of PostgreSQL's, which ends the text),
 * and the stack frames without the message. The driver's other fields (PostgreSQL's `detail`
 * quotes the duplicate value) are never kept.
 */
export function loggableError(error: unknown): {
  type: string;
  code?: string;
  message: string;
  stack?: string;
} {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  const reason = (text: string) => {
    if (/ - SQLITE_[A-Z_]+: /.test(text))
      return text.replace(/^[\s\S]*? - (SQLITE_[A-Z_]+: )/, "$1");
    // MikroORM appends PostgreSQL's detail and hint, which quote the values, on lines of their own.
    const [first = ""] = text.split(/\n\s*- (?:detail|hint):/);
    const statement = /^\s*(?:select|insert|update|delete|with|create|alter|drop|explain)\b/i;
    return statement.test(first) && first.includes(" - ")
      ? first.slice(first.lastIndexOf(" - ") + 3)
      : first;
  };
  return {
    type: error.name,
    ...(typeof code === "string" ? { code } : {}),
    message: reason(error.message),
    ...(error.stack
      ? {
          stack: error.stack
            .split("\n")
            .filter((line) => line.trimStart().startsWith("at "))
            .join("\n"),
        }
      : {}),
  };
}
