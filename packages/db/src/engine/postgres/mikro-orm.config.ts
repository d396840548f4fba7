import { Migrator } from "@mikro-orm/migrations";
import { type Options, PostgreSqlDriver } from "@mikro-orm/postgresql";
import { allEntities } from "../../entities/all-entities.js";
import { postgresMigrations } from "./migrations/migrations-list.js";

/** How long a statement may wait for a row lock before it fails (and its transaction is retried). */
export const lockTimeoutMs = 5000;

/** knex's warnings but a lost pooled connection's, as Node's process warnings (standard error). */
function knexWarning(message: string): void {
  if (!message.startsWith("Connection Error:")) process.emitWarning(message, "KnexWarning");
}

/** ORM options for one PostgreSQL database, shared by every replica and the CLI. */
export function postgresOrmOptions(clientUrl: string): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    // A mistyped database name must stop the start, not get a new, empty database (and admin).
    ensureDatabase: false,
    entities: allEntities,
    extensions: [Migrator],
    migrations: {
      migrationsList: postgresMigrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    // A few connections per process: requests mostly read through one statement each.
    pool: { min: 0, max: 10, acquireTimeoutMillis: 10_000 },
    driverOptions: {
      connection: {
        lock_timeout: lockTimeoutMs,
        connectionTimeoutMillis: 5_000,
        application_name: "pyroscope-auth",
      },
      // knex prints, with console.log, that a pooled connection died (PostgreSQL restarted or
      // gone): the line would break the server's log of one JSON object per line, and the loss
      // is told already, by /healthz and by the 503s and log lines of the requests it fails.
      log: { warn: knexWarning },
    },
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    debug: false,
  };
}
