import { Migrator } from "@mikro-orm/migrations";
import { type Options, SqliteDriver } from "@mikro-orm/sqlite";
import { allEntities } from "../../entities/all-entities.js";
import { migrationsList } from "../../migrations/migrations-list.js";
import { type SqliteConnection, setUpConnection } from "./set-up-connection.js";

/** Concurrent writers (CLI next to a running server) wait this long for the lock. */
export const busyTimeoutMs = 5000;

/** ORM options for one SQLite file (or `:memory:`), each connection set up by setUpConnection. */
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
        setUpConnection(connection, busyTimeoutMs).then(
          () => done(null, connection),
          // The pool drops a connection it could not set up without closing it: its files
          // would stay open (a failed CLI command or test could not unmount a full disk).
          (error: Error) => connection.close(() => done(error, connection)),
        );
      },
    },
    // Entities are plain schemas; no reflection, no decorators.
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    debug: false,
  };
}
