import { type Config, ConfigError } from "@pyroscope-auth/auth-core";
import {
  type Database,
  MissingDatabaseError,
  type OpenDatabaseOptions,
  registerOrm,
} from "../../database.js";
import { fastReadsThrough } from "../../fast-read-queries.js";
import { isDatabaseEmpty } from "../../migrate.js";
import { type Orm, openOrm } from "../../open-orm.js";
import { loggableError, ormRunner } from "../../sql.js";
import { postgresOrmOptions } from "./mikro-orm.config.js";
import { classifyPostgresFailure } from "./postgres-failure.js";
import { postgresTarget } from "./postgres-url.js";
import { preparedReads } from "./prepared-reads.js";

/** How long /healthz waits for the database's answer before it reports it unavailable. */
const healthTimeoutMs = 2000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** What to tell the operator when the database cannot be used, for the causes they can fix. */
function openFailure(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "28P01":
    case "28000":
      return "the server refused the user name or password in database.url";
    case "3D000":
      return "no such database on that server (create it first: createdb)";
    case "42501":
      return "the user in database.url may not create tables there (grant it CREATE on the schema)";
    case "ECONNREFUSED":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENOTFOUND":
      return `the server cannot be reached (${code}): check the host and port, and that it runs`;
    default:
      return classifyPostgresFailure(error)?.kind === "unavailable"
        ? "the server cannot be reached: check the host and port, and that it runs"
        : undefined;
  }
}

/**
 * The PostgreSQL engine: one database shared by every replica and the CLI. Rows are locked
 * where SQLite would have serialised writers, and its fast reads are prepared statements on the
 * pool's connections (no second connection: the server answers concurrent reads itself).
 */
export async function openPostgresDatabase(
  config: Config,
  options: OpenDatabaseOptions,
): Promise<Database> {
  const { clientUrl, where } = postgresTarget(config["database.url"]);
  let orm: Orm | undefined;
  try {
    orm = await openOrm(postgresOrmOptions(clientUrl));
    // The pool connects lazily: a wrong password or host is found here, not at the first request.
    await orm.em.getConnection().execute("select 1");
    if (options.existing && (await isDatabaseEmpty(orm, "postgresql")))
      throw new MissingDatabaseError(
        `no pyroscope-auth tables in the database at ${where}: start the server once to create them, or check database.url`,
      );
  } catch (error) {
    await orm?.close().catch(() => undefined);
    if (error instanceof MissingDatabaseError) throw error;
    const reason = openFailure(error);
    if (!reason) throw error;
    throw new ConfigError(`cannot use the database at ${where}: ${reason}`);
  }
  const opened = orm;
  const database: Database = {
    engine: "postgresql",
    where,
    fork: () => opened.em.fork(),
    reads: fastReadsThrough(preparedReads(opened)),
    lockRows: " for update",
    async lockNames(em, names) {
      const sql = ormRunner(em);
      // Always in one order: two transactions locking the same names cannot deadlock.
      for (const name of [...new Set(names)].sort())
        await sql.get("select pg_advisory_xact_lock(hashtextextended(?, 0))", [name]);
    },
    failure: classifyPostgresFailure,
    async trouble() {
      try {
        await withTimeout(opened.em.getConnection().execute("select 1"), healthTimeoutMs);
        return undefined;
      } catch (error) {
        return {
          status: "database unavailable",
          detail: `the database at ${where} cannot be reached (${loggableError(error).message}): requests that need it are answered 503 until it is back`,
        };
      }
    },
    warnings: () => [],
    close: () => opened.close(),
  };
  registerOrm(database, opened);
  return database;
}
