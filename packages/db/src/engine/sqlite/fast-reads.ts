import Database from "better-sqlite3";
import type { FastReads } from "../../database.js";
import { fastReadsThrough, type Get } from "../../fast-read-queries.js";
import type { Orm } from "../../open-orm.js";
import { ormRunner, type SqlRunner } from "../../sql.js";

/** SQLite's codes for "another connection holds a lock": the read is retried elsewhere. */
const lockCodes = new Set(["SQLITE_BUSY", "SQLITE_LOCKED"]);

/**
 * A dedicated read-only connection on which each statement is prepared once and answers on the
 * spot (better-sqlite3, ~10 µs of CPU per read) rather than through a thread pool's round trip
 * (~60 µs through node-sqlite3, ~330 µs through the ORM, which prepares every statement anew).
 * WAL lets it read beside the ORM's writer and see every commit (this process's or the CLI's)
 * at once. All writes stay on the ORM's single connection. A `:memory:` database exists only
 * inside the ORM's connection, so there the statements go through it instead.
 */
function openReader(orm: Orm): { get: Get; close(): void } {
  const fallback: SqlRunner = ormRunner(orm.em);
  const dbName = orm.config.get("dbName");
  if (!dbName || dbName === ":memory:")
    return { get: (sql, params) => fallback.get(sql, params), close: () => undefined };

  // A read on this connection holds the event loop while it runs: it never waits for a lock
  // (timeout 0). A WAL reader rarely meets one (a recovery, a checkpoint that truncates); when it
  // does, that read goes through the ORM's connection, which waits for it without blocking.
  const db = new Database(dbName, { readonly: true, fileMustExist: true, timeout: 0 });
  const statements = new Map<string, Database.Statement>();
  return {
    async get<T>(sql: string, params: unknown[]) {
      try {
        let statement = statements.get(sql);
        if (!statement) {
          statement = db.prepare(sql);
          statements.set(sql, statement);
        }
        return statement.get(...params) as T | undefined;
      } catch (error) {
        if (!lockCodes.has((error as { code?: string }).code ?? "")) throw error;
        return fallback.get<T>(sql, params);
      }
    },
    close: () => db.close(),
  };
}

/** The engine's FastReads for the ORM's database, and the closing of its connection. */
export function openFastReads(orm: Orm): FastReads & { close(): void } {
  const reader = openReader(orm);
  return { ...fastReadsThrough(reader.get), close: () => reader.close() };
}
