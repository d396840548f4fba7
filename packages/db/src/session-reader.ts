import type { Role } from "@pyroscope-auth/auth-core";
import sqlite3 from "sqlite3";
import type { Orm } from "./create-orm.js";
import type { UserDto } from "./dto.js";
import { busyTimeoutMs } from "./mikro-orm.config.js";

/** A session row joined with its user, as the hot path needs it (no password hash). */
export interface SessionRecord {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly user: UserDto;
}

/**
 * Looks up sessions for every authenticated request. Through the ORM that costs ~1.7 ms; this
 * reads with one prepared join on a dedicated read-only connection (~40 µs), which WAL lets
 * run beside the ORM's writer and see every commit, from this process or the CLI, at once.
 */
export interface SessionReader {
  find(sessionDigest: string): Promise<SessionRecord | undefined>;
  close(): Promise<void>;
}

const sessionQuery = `select s.id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
  u.id as user_id, u.name, u.email, u.full_name, u.role, u.is_disabled, u.is_external,
  u.must_change_password, u.password_changed_at, u.last_seen_at as user_last_seen_at,
  u.created_at as user_created_at, u.updated_at as user_updated_at
  from sessions s join users u on u.id = s.user_id where s.id = ?`;

interface SessionRow {
  id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  user_id: number;
  name: string;
  email: string | null;
  full_name: string | null;
  role: Role;
  is_disabled: number;
  is_external: number;
  must_change_password: number;
  password_changed_at: number;
  user_last_seen_at: number | null;
  user_created_at: number;
  user_updated_at: number;
}

// MikroORM keeps SQLite datetimes as epoch milliseconds.
const date = (ms: number) => new Date(ms);
const optionalDate = (ms: number | null) => (ms === null ? null : new Date(ms));
const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    createdAt: date(row.created_at),
    lastSeenAt: date(row.last_seen_at),
    expiresAt: optionalDate(row.expires_at),
    revokedAt: optionalDate(row.revoked_at),
    user: {
      id: row.user_id,
      name: row.name,
      email: row.email,
      fullName: row.full_name,
      role: row.role,
      isDisabled: row.is_disabled !== 0,
      isExternal: row.is_external !== 0,
      mustChangePassword: row.must_change_password !== 0,
      passwordChangedAt: date(row.password_changed_at).toISOString(),
      lastSeenAt: isoOrNull(row.user_last_seen_at),
      createdAt: date(row.user_created_at).toISOString(),
      updatedAt: date(row.user_updated_at).toISOString(),
    },
  };
}

/**
 * Opens the reader for the ORM's database. A `:memory:` database exists only inside the ORM's
 * connection, so there the same query goes through it instead.
 */
export async function openSessionReader(orm: Orm): Promise<SessionReader> {
  const dbName = orm.config.get("dbName");
  if (!dbName || dbName === ":memory:") {
    const connection = orm.em.getConnection();
    return {
      async find(digest) {
        const row = await connection.execute<SessionRow>(sessionQuery, [digest], "get");
        return row ? toRecord(row) : undefined;
      },
      close: async () => undefined,
    };
  }

  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(dbName, sqlite3.OPEN_READONLY, (error) =>
      error ? reject(error) : resolve(opened),
    );
  });
  db.configure("busyTimeout", busyTimeoutMs);
  const statement = db.prepare(sessionQuery);
  return {
    find(digest) {
      return new Promise((resolve, reject) => {
        statement.get<SessionRow>([digest], (error, row) =>
          error ? reject(error) : resolve(row ? toRecord(row) : undefined),
        );
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        statement.finalize(() => db.close((error) => (error ? reject(error) : resolve())));
      });
    },
  };
}
