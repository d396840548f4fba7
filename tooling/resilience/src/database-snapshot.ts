import sqlite3 from "sqlite3";

function all<T>(db: sqlite3.Database, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) =>
    db.all<T>(sql, (error, rows) => (error ? reject(error) : resolve(rows))),
  );
}

/** Reads the server's SQLite file directly (read-only), independent of anything the API says. */
export async function readDatabase<T>(
  storagePath: string,
  read: (query: <R>(sql: string) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(
      `${storagePath}/pyroscope.sqlite3`,
      sqlite3.OPEN_READONLY,
      (error) => (error ? reject(error) : resolve(opened)),
    );
  });
  db.configure("busyTimeout", 5000);
  try {
    return await read((sql) => all(db, sql));
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/** Everything an account change would alter: users (hash included) and API keys. */
export function accountsFingerprint(storagePath: string): Promise<string> {
  return readDatabase(storagePath, async (query) =>
    JSON.stringify([
      await query(
        "select id, name, email, full_name, role, is_disabled, must_change_password, password_hash from users order by id",
      ),
      await query("select id, name, role, expires_at from api_keys order by id"),
    ]),
  );
}
