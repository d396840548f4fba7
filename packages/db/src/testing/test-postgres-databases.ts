import { randomBytes } from "node:crypto";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import { type Orm, openOrm } from "../open-orm.js";

const admins = new Map<string, Promise<Orm>>();

/** One connection per test process and server to its `postgres` database, to make others. */
function adminOn(server: string): Promise<Orm> {
  const known = admins.get(server);
  if (known) return known;
  const admin = openOrm({
    driver: PostgreSqlDriver,
    clientUrl: `${server}/postgres`,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 1 },
  });
  admins.set(server, admin);
  return admin;
}

/** A new, empty database on the test server `server`; resolves to its URL and its removal. */
export async function createTestPostgresDatabase(
  server: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const connection = (await adminOn(server)).em.getConnection();
  await connection.execute(`create database "${name}"`);
  return {
    url: `${server}/${name}`,
    async drop() {
      await connection.execute(`drop database if exists "${name}" with (force)`);
    },
  };
}
