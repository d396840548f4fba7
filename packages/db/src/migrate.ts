import { setTimeout as sleep } from "node:timers/promises";
import {
  type Config,
  ConfigError,
  checkEmail,
  checkNewPassword,
  checkNewUserName,
  maxFieldBytes,
  utf8Length,
} from "@pyroscope-auth/auth-core";
import { type Database, ormOf } from "./database.js";
import { postgresMigrations } from "./engine/postgres/migrations/migrations-list.js";
import { diskFullError } from "./engine/sqlite/storage-full.js";
import { User } from "./entities/user.entity.js";
import { migrationsList } from "./migrations/migrations-list.js";
import type { Orm } from "./open-orm.js";
import type { ServiceContext, ServiceDeps } from "./service-deps.js";
import { addUser } from "./services/users.js";

export interface MigrationOutcome {
  /** Names of the migrations this call applied (empty when up to date). */
  readonly applied: string[];
  readonly adminCreated: boolean;
  /** For the log at every start, e.g. an admin still on its default password. */
  readonly warnings: string[];
}

interface BuiltInAdmin {
  readonly name: string;
  readonly email: string | undefined;
  readonly password: string;
  readonly mustChangePassword: boolean;
}

/** The `auth.internal.admin.*` block, or a ConfigError naming its bad key. */
export function checkBuiltInAdmin(config: Config): Omit<BuiltInAdmin, "mustChangePassword"> {
  const name = config["auth.internal.admin.name"];
  const email = config["auth.internal.admin.email"] || undefined;
  const password = config["auth.internal.admin.password"];
  const nameProblem = checkNewUserName(name);
  if (nameProblem)
    throw new ConfigError(
      `auth.internal.admin.name: ${JSON.stringify(name)} ${nameProblem.message}`,
    );
  const emailProblem = email ? checkEmail(email) : undefined;
  if (emailProblem)
    throw new ConfigError(
      `auth.internal.admin.email: ${JSON.stringify(email)} ${emailProblem.message}`,
    );
  if (password === "" || utf8Length(password) > maxFieldBytes) {
    throw new ConfigError(
      `auth.internal.admin.password: (value hidden) must be 1 to ${maxFieldBytes} bytes`,
    );
  }
  return { name, email, password };
}

/** The `auth.internal.admin.*` block, checked before anything is written. */
function builtInAdmin(config: Config, deps: ServiceDeps): BuiltInAdmin {
  const admin = checkBuiltInAdmin(config);
  // admin/admin works for the first login, then must be changed (DESIGN.md, first launch).
  const mustChangePassword = checkNewPassword(admin.password, deps.policy, admin) !== undefined;
  return { ...admin, mustChangePassword };
}

/** The bookkeeping table MikroORM's migrator keeps, so that its tooling sees our runs. */
const migrationsTable = "mikro_orm_migrations";

type Engine = Database["engine"];

/** Each engine's migrations: PostgreSQL's begin with today's schema, made in one step. */
const migrationsOf = (engine: Engine) =>
  engine === "postgresql" ? postgresMigrations : migrationsList;

/** The engine's catalogue of tables: SQLite's own, and other schemas, left out. */
const tableQueries: Record<Engine, string> = {
  sqlite:
    "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name",
  postgresql:
    "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
};

/** Every replica and the CLI migrate one at a time, holding this lock (Database.lockNames). */
export const migrationLock = "pyroscope-auth migrations";

/** The database's tables. Read without creating anything. */
async function tableNames(orm: Orm, engine: Engine): Promise<string[]> {
  const tables: { name: string }[] = await orm.em.getConnection().execute(tableQueries[engine]);
  return tables.map((table) => table.name);
}

/**
 * Whether no server has set this database up: it holds no table but, at most, the bookkeeping
 * one (which a first launch that crashed may leave).
 */
export async function isDatabaseEmpty(orm: Orm, engine: Engine): Promise<boolean> {
  return (await tableNames(orm, engine)).every((name) => name === migrationsTable);
}

/**
 * Tables of another application: everything but the bookkeeping table, when none of our
 * migrations is booked. (Another MikroORM application has the bookkeeping table too; a first
 * launch that crashed leaves that table alone.)
 */
async function foreignTables(orm: Orm, engine: Engine): Promise<string[]> {
  const tables = await tableNames(orm, engine);
  const others = tables.filter((name) => name !== migrationsTable);
  if (others.length === 0) return [];
  const booked: { name: string }[] = tables.includes(migrationsTable)
    ? await orm.em.getConnection().execute(`select "name" from "${migrationsTable}"`)
    : [];
  const ours = booked.some((row) => migrationsOf(engine).some((known) => known.name === row.name));
  return ours ? [] : others;
}

async function executedMigrations(orm: Orm): Promise<Set<string>> {
  // Also creates the bookkeeping table on a new database: replicas starting together on an
  // empty PostgreSQL may race to create it, and the loser reads it once it is there.
  const read = () => orm.getMigrator().getExecutedMigrations();
  const rows = await read().catch(read);
  return new Set(rows.map((row) => row.name));
}

/**
 * The migrations run here rather than through `migrator.up({ transaction })`: in MikroORM 6.6.16
 * that path re-creates its storage after the first check and then queries outside the given
 * transaction, which deadlocks on SQLite's single connection.
 */
async function applyMigrations(orm: Orm, deps: ServiceDeps): Promise<MigrationOutcome> {
  const { engine } = deps.database;
  const known = migrationsOf(engine);
  const foreign = await foreignTables(orm, engine);
  if (foreign.length > 0) {
    const shown = foreign.length > 5 ? [...foreign.slice(0, 5), "..."] : foreign;
    throw new ConfigError(
      `cannot use the database at ${deps.database.where}: it holds tables of another application (${shown.join(", ")}); give pyroscope-auth a file of its own (check storage-path and database.url)`,
    );
  }
  let executed = await executedMigrations(orm);
  const unknown = [...executed].find((name) => !known.some((listed) => listed.name === name));
  if (unknown) {
    // Its schema may differ in ways this version would misread or damage.
    throw new ConfigError(
      `the database was written by a newer pyroscope-auth (migration ${unknown} is unknown here): run that version, or restore a backup`,
    );
  }
  const firstLaunch = executed.size === 0;
  const admin =
    firstLaunch && deps.config["auth.internal.admin.create"]
      ? builtInAdmin(deps.config, deps)
      : undefined;
  const adminHash = admin ? await deps.hasher.hash(admin.password) : undefined;

  /** Runs what is still pending once this process holds the migration lock, and says what it ran. */
  const run = () =>
    orm.em.fork().transactional(async (em) => {
      const connection = em.getConnection();
      const transaction = em.getTransactionContext();
      // Replicas starting together wait here for each other, and the later ones then find the
      // migrations booked, and the admin made, by the first.
      await deps.database.lockNames(em, [migrationLock]);
      const rows: { name: string }[] = await connection.execute(
        `select "name" from "${migrationsTable}"`,
        [],
        "all",
        transaction,
      );
      const booked = new Set(rows.map((row) => row.name));
      const pending = known.filter(({ name }) => !booked.has(name));
      for (const { name, class: MigrationClass } of pending) {
        const migration = new MigrationClass(em.getDriver(), orm.config);
        // A migration that reads what it changes (execute) does so inside this transaction.
        migration.setTransactionContext(transaction);
        await migration.up();
        for (const query of migration.getQueries())
          await connection.execute(String(query), [], "run", transaction);
        await connection.execute(
          `insert into "${migrationsTable}" ("name") values (?)`,
          [name],
          "run",
          transaction,
        );
      }
      const createAdmin = booked.size === 0 ? admin : undefined;
      if (createAdmin && adminHash) {
        const ctx: ServiceContext = { em, deps, actor: { kind: "system" } };
        await addUser(
          ctx,
          em,
          { ...createAdmin, role: "Admin" },
          adminHash,
          "user.create.built-in-admin",
        );
      }
      return { applied: pending.map(({ name }) => name), adminCreated: Boolean(createAdmin) };
    });

  let outcome = { applied: [] as string[], adminCreated: false };
  for (let attempt = 1; known.some(({ name }) => !executed.has(name)); attempt++) {
    try {
      outcome = await run();
      break;
    } catch (error) {
      // Another process (a replica, the CLI next to a starting server) may be migrating: SQLite
      // refuses the second writer of a transaction that began by reading. Once it is done,
      // there is nothing left to run.
      if (deps.database.failure(error)?.kind === "retry" && attempt < 5) {
        await sleep(20 * 2 ** attempt * Math.random());
        continue;
      }
      executed = await executedMigrations(orm);
      if (known.some(({ name }) => !executed.has(name))) throw error;
    }
  }

  const stale = await orm.em
    .fork()
    .find(
      User,
      { mustChangePassword: true, role: "Admin", isDisabled: false },
      { fields: ["name"] },
    );
  const warnings = stale.map(
    (user) =>
      `admin user ${JSON.stringify(user.name)} still has its initial password (the default, or one the password policy refuses): log in and change it`,
  );
  return {
    ...outcome,
    warnings,
  };
}

/**
 * Applies pending migrations at start-up. On the very first launch the built-in admin is created
 * in the same transaction as the first migration, so a crash leaves either nothing or both;
 * later launches never touch it, whatever the config says.
 */
export async function migrateDatabase(deps: ServiceDeps): Promise<MigrationOutcome> {
  try {
    return await applyMigrations(ormOf(deps.database), deps);
  } catch (error) {
    // A first launch or an upgrade on a full disk was rolled back; the operator needs the place.
    if (deps.database.failure(error)?.kind !== "storage-full") throw error;
    throw diskFullError(deps.database.where);
  }
}
