import { Migrator } from "@mikro-orm/migrations";
import { type Options, SqliteDriver } from "@mikro-orm/sqlite";
import { allEntities } from "../../entities/all-entities.js";
import { migrationsList } from "../../migrations/migrations-list.js";

/** Concurrent writers (CLI next to a running server) wait this long for the lock. */
export const busyTimeoutMs = 5000;

interface SqliteConnection {
  exec(sql: string, done: (error: Error | null) => void): void;
  close(done: () => void): void;
}

/**
 * ORM options for one SQLite file (or `:memory:`). WAL lets readers and one writer work at
 * once across processes, and synchronous=FULL makes every acknowledged commit survive a crash.
 */
export function ormOptions(dbName: string): Options {
  return {
    driver: SqliteDriver,
    dbName,
    entities: allEntities,
    extensions: [Migrator],
    migrations: {
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    pool: {
      afterCreate(
        connection: SqliteConnection,
        done: (error: Error | null, connection: unknown) => void,
      ) {
        connection.exec(
          `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${busyTimeoutMs}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;`,
          // The pool drops a connection it could not set up without closing it: its files
          // would stay open (a failed CLI command or test could not unmount a full disk).
          (error) =>
            error ? connection.close(() => done(error, connection)) : done(null, connection),
        );
      },
    },
    // Entities are plain schemas; no reflection, no decorators.
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    debug: false,
  };
}
