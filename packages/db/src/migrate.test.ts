import { setTimeout as sleep } from "node:timers/promises";
import { ConfigError } from "@pyroscope-auth/auth-core";
import { afterEach, describe, expect, it } from "vitest";
import { ormOf } from "./database.js";
import { postgresMigrations } from "./engine/postgres/migrations/migrations-list.js";
import { User } from "./entities/user.entity.js";
import { migrateDatabase, migrationLock } from "./migrate.js";
import { migrationsList } from "./migrations/migrations-list.js";
import { openDatabase } from "./open-database.js";
import { createServiceDeps } from "./service-deps.js";
import { logIn } from "./services/login.js";
import { latch } from "./testing/latch.js";
import { createTestConfig, testDatabases, testEngine } from "./testing/test-database.js";

// What every engine's migrations do; SQLite's history of releases is engine/sqlite's.

const { open, closeAll } = testDatabases();
afterEach(closeAll);

const engineMigrations = () => (testEngine() === "sqlite" ? migrationsList : postgresMigrations);

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
    const { config } = await createTestConfig({
      storagePath: first.storagePath,
      flags: [
        "--auth.internal.admin.name=someone-else",
        "--auth.internal.admin.password=another-password-entirely",
      ],
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
    const { config, drop } = await createTestConfig({
      flags: [`--auth.internal.admin.name=${name}`],
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
      await drop();
    }
  });
});

describe("migrations", () => {
  it("are applied once: a second run is a no-op", async () => {
    const db = await open({ file: true });
    const outcome = await migrateDatabase(db.deps);
    expect(outcome.applied).toEqual([]);
    expect(await db.orm.getMigrator().getExecutedMigrations()).toHaveLength(
      engineMigrations().length,
    );
  });

  it("refuse a database a newer version has migrated, before changing anything", async () => {
    const db = await open();
    await db.orm.em
      .fork()
      .getConnection()
      .execute(
        'insert into "mikro_orm_migrations" ("name") values (\'20991231000000-from-the-future\')',
      );
    const run = migrateDatabase(db.deps);
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(
      "the database was written by a newer pyroscope-auth (migration 20991231000000-from-the-future is unknown here): run that version, or restore a backup",
    );
  });

  it("run once, with one built-in admin, when several servers start together on an empty database", async () => {
    const { config, drop } = await createTestConfig({ file: true });
    const databases = await Promise.all([1, 2, 3].map(() => openDatabase(config)));
    try {
      const outcomes = await Promise.all(
        databases.map((database) => migrateDatabase(createServiceDeps(config, database))),
      );
      const names = engineMigrations().map(({ name }) => name);
      expect(outcomes.map((outcome) => outcome.applied).sort()).toEqual([[], [], names]);
      expect(outcomes.filter((outcome) => outcome.adminCreated)).toHaveLength(1);
      const [first] = databases;
      if (!first) throw new Error("no database");
      expect(await first.fork().count(User, {})).toBe(1);
      expect(await ormOf(first).getMigrator().getExecutedMigrations()).toHaveLength(names.length);
    } finally {
      for (const database of databases) await database.close();
      await drop();
    }
  });

  // Three starts at once rarely overlap in a test: here another process holds the lock.
  it.runIf(testEngine() === "postgresql")(
    "wait on PostgreSQL while another process holds the migration lock",
    async () => {
      const { config, drop } = await createTestConfig();
      const [holder, starting] = await Promise.all([openDatabase(config), openDatabase(config)]);
      try {
        const released = latch();
        const holding = latch();
        const holds = holder.fork().transactional(async (em) => {
          await holder.lockNames(em, [migrationLock]);
          holding.open();
          await released.promise;
        });
        await holding.promise;
        const migrated = migrateDatabase(createServiceDeps(config, starting));
        const waited = await Promise.race([
          migrated.then(() => "migrated"),
          sleep(300).then(() => "waiting"),
        ]);
        released.open();
        await holds;
        expect(waited).toBe("waiting");
        expect((await migrated).applied).toHaveLength(engineMigrations().length);
      } finally {
        await holder.close();
        await starting.close();
        await drop();
      }
    },
  );

  // SQLite's schema is compared with the entities' in engine/sqlite (its diff misreads checks).
  it.runIf(testEngine() === "postgresql")(
    "produce exactly the schema the entities describe",
    async () => {
      const db = await open();
      expect(await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe("");
    },
  );
});
