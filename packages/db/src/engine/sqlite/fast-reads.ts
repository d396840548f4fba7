import sqlite3 from "sqlite3";
import type { FastReads } from "../../database.js";
import { fastReadsThrough, type Get } from "../../fast-read-queries.js";
import type { Orm } from "../../open-orm.js";
import { ormRunner } from "../../sql.js";
import { busyTimeoutMs } from "./mikro-orm.config.js";
import { readsWhileUnchanged } from "./reads-while-unchanged.js";
import type { WalIndexStamp } from "./wal-index-stamp.js";

/** SQLite's codes for "another connection holds a lock": the read is retried elsewhere. */
const lockCodes = new Set(["SQLITE_BUSY", "SQLITE_LOCKED"]);

interface Reader {
  readonly get: Get;
  close(): Promise<void>;
}

function opened(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) =>
      error ? reject(error) : resolve(db),
    );
  });
}

/**
 * A dedicated read-only connection on which each statement is prepared once (~50 µs of CPU a
 * read, against ~330 µs through the ORM, which prepares every statement anew), and whose
 * answers are given again while the WAL index shows no commit since (readsWhileUnchanged). WAL
 * lets it read beside the ORM's writer and see every commit (this process's or the CLI's) at
 * once; all writes stay on the ORM's single connection.
 *
 * It is node-sqlite3, the ORM's own library, and must be: POSIX file locks belong to a process,
 * so SQLite keeps the locks of one process's connections in one table, inside its library. A
 * second copy of SQLite in the process (another driver) sees none of the ORM's locks: its first
 * read takes itself for the first user of the WAL index, truncates the shared-memory file the
 * ORM's connection has mapped (SIGBUS), and its readers are invisible to the ORM's checkpoints.
 * A wait for a lock here waits on the thread pool, never in the event loop.
 *
 * A `:memory:` database exists only inside the ORM's connection, so there the statements go
 * through it instead.
 */
async function openReader(orm: Orm, stamp: WalIndexStamp | undefined): Promise<Reader> {
  const fallback = ormRunner(orm.em);
  const dbName = orm.config.get("dbName");
  if (!dbName || dbName === ":memory:")
    return { get: (sql, params) => fallback.get(sql, params), close: async () => undefined };
  const db = await opened(dbName);
  db.configure("busyTimeout", busyTimeoutMs);
  const statements = new Map<string, Promise<sqlite3.Statement>>();
  const statement = (sql: string) => {
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = new Promise((resolve, reject) => {
        const created = db.prepare(sql, (error) => (error ? reject(error) : resolve(created)));
      });
      statements.set(sql, prepared);
      // A statement that failed to prepare is tried afresh next time.
      prepared.catch(() => statements.delete(sql));
    }
    return prepared;
  };
  const read = async <T>(sql: string, params: unknown[]) => {
    const prepared = await statement(sql);
    // `all`, not `get`: a statement stepped to its end ends its read transaction, where one
    // left on its first row would keep this connection on that snapshot, blind to later commits.
    return new Promise<T | undefined>((resolve, reject) =>
      prepared.all(params, (error: Error | null, rows: T[]) =>
        error ? reject(error) : resolve(rows[0]),
      ),
    );
  };
  // Only this connection's answers are kept: the ORM's may be inside another's transaction.
  const dedicated: Get = stamp
    ? readsWhileUnchanged(read, { stamp: stamp.read, maxAgeMs: 1000, maxEntries: 10_000 })
    : read;
  let closed: Promise<void> | undefined;
  return {
    async get<T>(sql: string, params: unknown[]) {
      try {
        return await dedicated<T>(sql, params);
      } catch (error) {
        // Refused for a lock (past its busy timeout, or at once where SQLite does not wait),
        // the read takes its turn on the ORM's connection instead of failing the request.
        if (!lockCodes.has((error as { code?: string }).code ?? "")) throw error;
        return fallback.get<T>(sql, params);
      }
    },
    close() {
      closed ??= (async () => {
        // sqlite3_close refuses a connection with statements left: each is finalized first.
        for (const settled of await Promise.allSettled(statements.values()))
          if (settled.status === "fulfilled")
            await new Promise<void>((resolve) => settled.value.finalize(() => resolve()));
        await new Promise<void>((resolve, reject) =>
          db.close((error) => (error ? reject(error) : resolve())),
        );
      })();
      return closed;
    },
  };
}

/**
 * The engine's FastReads for the ORM's database, and the closing of its connection; with a
 * stamp of that database's WAL index, answers are given again while it has not moved (the
 * caller closes the stamp, after every connection).
 */
export async function openFastReads(
  orm: Orm,
  stamp?: WalIndexStamp,
): Promise<FastReads & { close(): Promise<void> }> {
  const reader = await openReader(orm, stamp);
  return { ...fastReadsThrough(reader.get), close: () => reader.close() };
}
