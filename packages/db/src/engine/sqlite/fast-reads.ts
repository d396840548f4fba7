import Database from "better-sqlite3";
import type { FastReads } from "../../database.js";
import type { SessionRecord } from "../../session-record.js";
import { ormRunner, type SqlRunner } from "../../sql.js";
import { type UserRow, userDtoColumns, userRowToDto } from "../../user-row.js";
import type { Orm } from "./create-orm.js";

const sessionQuery = `select s.id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, ${userDtoColumns}
  from sessions s join users u on u.id = s.user_id where s.id = ?`;

interface SessionRow extends UserRow {
  id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

const userQuery = `select ${userDtoColumns}, u.password_hash from users u where u.name = ?`;

const optionalDate = (ms: number | null) => (ms === null ? null : new Date(ms));

function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: optionalDate(row.expires_at),
    revokedAt: optionalDate(row.revoked_at),
    user: userRowToDto(row),
  };
}

/** SQLite's codes for "another connection holds a lock": the read is retried elsewhere. */
const lockCodes = new Set(["SQLITE_BUSY", "SQLITE_LOCKED"]);

type Get = <T>(sql: string, params: unknown[]) => Promise<T | undefined>;

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
  return {
    async sessionByDigest(digest) {
      const row = await reader.get<SessionRow>(sessionQuery, [digest]);
      return row && toSessionRecord(row);
    },
    async userForSignIn(name) {
      const row = await reader.get<UserRow & { password_hash: string }>(userQuery, [name]);
      if (!row) return undefined;
      return { user: userRowToDto(row), passwordHash: row.is_external ? "" : row.password_hash };
    },
    close: () => reader.close(),
  };
}
