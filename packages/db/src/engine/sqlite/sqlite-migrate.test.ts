import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "@pyroscope-auth/auth-core";
import { afterEach, describe, expect, it } from "vitest";
import { ormOf } from "../../database.js";
import { User } from "../../entities/user.entity.js";
import { migrateDatabase } from "../../migrate.js";
import { migrationsList } from "../../migrations/migrations-list.js";
import { openDatabase } from "../../open-database.js";
import { createServiceDeps } from "../../service-deps.js";
import { createUser } from "../../services/users.js";
import { capDatabaseSize, testDatabases } from "../../testing/test-database.js";
import { createOrm } from "./create-orm.js";

/** A storage path whose database an earlier version left: migrated up to `last`, then `sql` run. */
async function writtenBefore(last: string, sql: string): Promise<string> {
  const storagePath = mkdtempSync(join(tmpdir(), "pyroscope-before-"));
  const { config } = loadConfig({
    argv: ["--auth.internal.enabled", `--storage-path=${storagePath}`],
    env: {},
  });
  const earlier = await createOrm(config);
  try {
    await earlier.getMigrator().up({ to: last });
    await earlier.em.getConnection().execute(sql);
  } finally {
    await earlier.close();
  }
  return storagePath;
}

const { open, closeAll } = testDatabases();
afterEach(closeAll);

describe("migrations", () => {
  it("produce exactly the schema the entities describe", async () => {
    // MikroORM's SQLite diff reports enum check constraints as changed even when equal, so the
    // migrated schema is compared with one generated straight from the entities instead.
    const migrated = await open();
    const { config } = loadConfig({ argv: ["--database.url=:memory:"], env: {} });
    const generated = await createOrm(config);
    try {
      await generated.getSchemaGenerator().createSchema();
      const tables =
        "select type, name, sql from sqlite_master where name not like 'mikro_orm%' and name not like 'sqlite_%' and type != 'trigger' order by name";
      // SQLite keeps each statement's text as written: the quoting of identifiers may differ.
      const schemaOf = async (orm: typeof generated) =>
        ((await orm.em.getConnection().execute(tables)) as { sql: string | null }[]).map((row) => ({
          ...row,
          sql: row.sql?.replaceAll("`", '"'),
        }));
      const fromMigrations = await schemaOf(migrated.orm);
      expect(fromMigrations.length).toBeGreaterThan(6);
      expect(fromMigrations).toEqual(await schemaOf(generated));
    } finally {
      await generated.close();
    }
  });

  it("keep the API keys made before their creators were recorded, answering to nobody", async () => {
    const storagePath = await writtenBefore(
      "20261127100000-active-sessions-index",
      "insert into `api_keys` (`name`, `role`, `secret_digest`, `created_at`) values ('old', 'Agent', 'x', 0)",
    );
    const db = await open({ storagePath });
    const rows = await db.orm.em
      .getConnection()
      .execute("select `name`, `created_by`, `owner_user_id` from `api_keys`");
    expect(rows).toEqual([{ name: "old", created_by: "(unknown)", owner_user_id: null }]);
  });

  it("bring a database from an earlier version up to date, keeping its users", async () => {
    const db = await open({ file: true });
    const connection = db.orm.em.getConnection();
    // The state the first release left: the initial schema only.
    await connection.execute("drop index `sessions_active_index`");
    await connection.execute(
      "delete from `mikro_orm_migrations` where `name` = '20261127100000-active-sessions-index'",
    );
    const outcome = await migrateDatabase(db.deps);
    expect(outcome).toMatchObject({
      applied: ["20261127100000-active-sessions-index"],
      adminCreated: false,
    });
    expect(
      await connection.execute(
        "select name from sqlite_master where type = 'index' and name = 'sessions_active_index'",
      ),
    ).toHaveLength(1);
    expect(await db.orm.em.fork().count(User, {})).toBe(1);
  });

  it("give the users already on file their look-alike keys, so that a new look-alike is refused", async () => {
    const storagePath = await writtenBefore(
      "20261207000000-api-key-creators",
      "insert into `users` (`name`, `email`, `password_hash`, `role`, `password_changed_at`, `created_at`, `updated_at`) values ('carol', 'Carol@Example.com', '', 'ReadOnly', 0, 0, 0)",
    );
    const db = await open({ storagePath });
    const rows = await db.orm.em
      .getConnection()
      .execute("select `name_folded_skeleton`, `email_folded` from `users` where `name` = 'carol'");
    expect(rows).toEqual([{ name_folded_skeleton: "carol", email_folded: "carol@example.com" }]);
    await expect(
      createUser(db.ctx(), { name: "CAROL", password: "a-long-secret-phrase", role: "ReadOnly" }),
    ).rejects.toMatchObject({ code: "USER_NAME_LOOKALIKE" });
    await expect(
      createUser(db.ctx(), {
        name: "dave",
        email: "carol@example.com",
        password: "a-long-secret-phrase",
        role: "ReadOnly",
      }),
    ).rejects.toMatchObject({ code: "USER_EMAIL_EXISTS" });
  });

  it("refuse another application's database, adding nothing to it", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-migrate-"));
    const { config } = loadConfig({ argv: [`--storage-path=${storage}`], env: {} });
    const database = await openDatabase(config);
    const orm = ormOf(database);
    try {
      const connection = orm.em.getConnection();
      await connection.execute("create table invoices (id integer primary key, total integer)");
      await connection.execute("create table customers (id integer primary key)");
      // Another MikroORM application keeps the same bookkeeping table, under its own names.
      await connection.execute(
        "create table mikro_orm_migrations (id integer primary key, name varchar(255), executed_at datetime)",
      );
      await connection.execute("insert into mikro_orm_migrations (name) values ('Migration1')");
      const run = migrateDatabase(createServiceDeps(config, database));
      await expect(run).rejects.toThrow(ConfigError);
      await expect(run).rejects.toThrow(
        `cannot use the database at ${join(storage, "pyroscope.sqlite3")}: it holds tables of another application (customers, invoices); give pyroscope-auth a file of its own (check storage-path and database.url)`,
      );
      const tables = await connection.execute("select name from sqlite_master order by name");
      expect(tables).toEqual([
        { name: "customers" },
        { name: "invoices" },
        { name: "mikro_orm_migrations" },
      ]);
    } finally {
      await database.close();
    }
  });

  it("on a full disk, refuse in one line naming the file, and leave a database the next start migrates", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-migrate-"));
    const { config } = loadConfig({
      argv: [`--storage-path=${storage}`, "--auth.password-hash.memory-kib=1024"],
      env: {},
    });
    const database = await openDatabase(config);
    const orm = ormOf(database);
    try {
      const lift = await capDatabaseSize(orm.em);
      const run = migrateDatabase(createServiceDeps(config, database));
      await expect(run).rejects.toThrow(ConfigError);
      await expect(run).rejects.toThrow(
        `cannot use the database at ${join(storage, "pyroscope.sqlite3")}: its disk is full (free space on it and try again)`,
      );
      await lift();
      const outcome = await migrateDatabase(createServiceDeps(config, database));
      expect(outcome.applied).toEqual(migrationsList.map(({ name }) => name));
      expect(outcome.adminCreated).toBe(true);
    } finally {
      await database.close();
    }
  });

  it("run in WAL mode with a busy timeout so the CLI can write beside the server", async () => {
    const db = await open({ file: true });
    const connection = db.orm.em.getConnection();
    expect(await connection.execute("pragma journal_mode", [], "get")).toEqual({
      journal_mode: "wal",
    });
    expect(await connection.execute("pragma busy_timeout", [], "get")).toEqual({ timeout: 5000 });
    expect(await connection.execute("pragma foreign_keys", [], "get")).toEqual({ foreign_keys: 1 });
  });
});
