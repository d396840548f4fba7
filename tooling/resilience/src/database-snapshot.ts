import { type Database, openDatabase } from "@pyroscope-auth/db";
import { createTestConfig } from "@pyroscope-auth/db/testing";
import { afterAll } from "vitest";

/** One connection per storage folder for the whole test file, as one CLI would hold it. */
const readers = new Map<string, Promise<Database>>();
afterAll(async () => {
  for (const reader of readers.values()) await (await reader).close();
  readers.clear();
});

async function openReader(storagePath: string): Promise<Database> {
  const { config } = await createTestConfig({ storagePath });
  return openDatabase(config);
}

/**
 * Reads the server's database directly, through a connection of its own, independent of
 * anything the API says.
 */
export async function readDatabase<T>(
  storagePath: string,
  read: (query: <R>(sql: string) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  let reader = readers.get(storagePath);
  if (!reader) {
    reader = openReader(storagePath);
    readers.set(storagePath, reader);
  }
  const connection = (await reader).fork().getConnection();
  return read((sql) => connection.execute(sql));
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
