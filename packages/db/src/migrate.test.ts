import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "@pyroscope-auth/auth-core";
import { afterEach, describe, expect, it } from "vitest";
import { ormOf } from "./database.js";
import { createOrm } from "./engine/sqlite/create-orm.js";
import { User } from "./entities/user.entity.js";
import { migrateDatabase } from "./migrate.js";
import { migrationsList } from "./migrations/migrations-list.js";
import { openDatabase } from "./open-database.js";
import { createServiceDeps } from "./service-deps.js";
import { logIn } from "./services/login.js";
import { createUser } from "./services/users.js";
import { capDatabaseSize, openTestDatabase, type TestDatabase } from "./testing/test-database.js";

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

const opened: TestDatabase[] = [];
async function open(...args: Parameters<typeof openTestDatabase>) {
  const db = await openTestDatabase(...args);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

describe("first launch", () => {
  it("creates the built-in admin from config, flagged to change its default password", async () => {
    const db = await open({ realHashCost: true });
    const admins = await db.orm.em.fork().find(User, {});
    expect(admins).toHaveLength(1);
    const admin = admins[0];
    expect(admin).toMatchObject({
      name: "admin",
      email: "admin@localhost.localdomain",
      role: "Admin",
      isDisabled: false,
      mustChangePassword: true,
    });
    expect(admin?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const { user } = await logIn(db.ctx({ kind: "anonymous" }), {
      username: "admin",
      password: "admin",
    });
    expect(user.name).toBe("admin");
  });

  it("uses the configured name, email and password, and does not flag a strong password", async () => {
    const db = await open({
      flags: [
        "--auth.internal.admin.name=root",
        "--auth.internal.admin.email=root@example.com",
        "--auth.internal.admin.password=a-strong-initial-passphrase",
      ],
    });
    const [admin] = await db.orm.em.fork().find(User, {});
    expect(admin).toMatchObject({
      name: "root",
      email: "root@example.com",
      mustChangePassword: false,
    });
  });

  it("creates no admin when auth.internal.admin.create is false", async () => {
    const db = await open({ flags: ["--auth.internal.admin.create=false"] });
    expect(await db.orm.em.fork().count(User, {})).toBe(0);
  });

  it("never touches the admin again on later starts, whatever the config says", async () => {
    const first = await open({ file: true });
    await first.database.close();
    const { config } = loadConfig({
      argv: [
        `--storage-path=${first.storagePath}`,
        "--auth.internal.admin.name=someone-else",
        "--auth.internal.admin.password=another-password-entirely",
      ],
      env: {},
    });
    const database = await openDatabase(config);
    const orm = ormOf(database);
    try {
      const outcome = await migrateDatabase(createServiceDeps(config, database));
      expect(outcome).toMatchObject({ applied: [], adminCreated: false });
      const users = await orm.em.fork().find(User, {});
      expect(users.map((user) => user.name)).toEqual(["admin"]);
    } finally {
      await database.close();
    }
  });

  it("warns at every start while an admin keeps its initial password", async () => {
    const db = await open({ file: true });
    const again = await migrateDatabase(db.deps);
    expect(again.warnings).toEqual([
      expect.stringContaining('admin user "admin" still has its initial password'),
    ]);
  });

  it.each([
    [
      " padded ",
      "user name must not contain control or invisible characters or surrounding spaces",
    ],
    ["system", "user name is reserved for the audit trail"],
  ])("refuses a built-in admin named %j, before writing anything", async (name, message) => {
    const storagePath = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    const { config } = loadConfig({
      argv: [`--storage-path=${storagePath}`, `--auth.internal.admin.name=${name}`],
      env: {},
    });
    const database = await openDatabase(config);
    const orm = ormOf(database);
    try {
      await expect(migrateDatabase(createServiceDeps(config, database))).rejects.toThrow(
        ConfigError,
      );
      await expect(migrateDatabase(createServiceDeps(config, database))).rejects.toThrow(
        `auth.internal.admin.name: ${JSON.stringify(name)} ${message}`,
      );
      expect(await orm.getMigrator().getExecutedMigrations()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

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
      const fromMigrations = await migrated.orm.em.getConnection().execute(tables);
      expect(fromMigrations.length).toBeGreaterThan(6);
      expect(fromMigrations).toEqual(await generated.em.getConnection().execute(tables));
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

  it("are applied once: a second run is a no-op", async () => {
    const db = await open({ file: true });
    const outcome = await migrateDatabase(db.deps);
    expect(outcome.applied).toEqual([]);
    expect(await db.orm.getMigrator().getExecutedMigrations()).toHaveLength(migrationsList.length);
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

  it("refuse a database a newer version has migrated, before changing anything", async () => {
    const db = await open();
    await db.orm.em
      .fork()
      .getConnection()
      .execute(
        "insert into `mikro_orm_migrations` (`name`) values ('20991231000000-from-the-future')",
      );
    const run = migrateDatabase(db.deps);
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(
      "the database was written by a newer pyroscope-auth (migration 20991231000000-from-the-future is unknown here): run that version, or restore a backup",
    );
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
