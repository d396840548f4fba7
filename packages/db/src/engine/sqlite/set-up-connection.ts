import { setTimeout as sleep } from "node:timers/promises";

/** The part of a node-sqlite3 connection that the ORM's pool hands to afterCreate. */
export interface SqliteConnection {
  exec(sql: string, done: (error: Error | null) => void): void;
  close(done: () => void): void;
}

const exec = (connection: SqliteConnection, sql: string) =>
  new Promise<void>((resolve, reject) =>
    connection.exec(sql, (error) => (error ? reject(error) : resolve())),
  );

const isBusy = (error: unknown) => (error as { code?: unknown }).code === "SQLITE_BUSY";

/**
 * Sets up a new connection: other connections' locks are waited for up to `waitMs`; WAL lets
 * readers and one writer work at once across processes; synchronous=FULL makes every
 * acknowledged commit survive a crash. Turning a new file to WAL takes a lock SQLite does not
 * wait for: while another connection (a replica, the CLI starting beside the server) holds
 * one, it fails at once, and is tried again until `waitMs` is up.
 */
export async function setUpConnection(connection: SqliteConnection, waitMs: number) {
  await exec(connection, `PRAGMA busy_timeout = ${waitMs}`);
  const giveUpAt = Date.now() + waitMs;
  for (;;) {
    try {
      await exec(connection, "PRAGMA journal_mode = WAL");
      break;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= giveUpAt) throw error;
      await sleep(10);
    }
  }
  await exec(connection, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
}
