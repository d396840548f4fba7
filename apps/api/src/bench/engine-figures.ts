// The PostgreSQL figures (issue "PostgreSQL beside SQLite"): the same server on a PostgreSQL
// database, beside the SQLite one in the same run: its logins against the raw verify, its
// user.me against SQLite's.
import { availableParallelism } from "node:os";
import { startPostgresWithDatabase } from "@pyroscope-auth/db/testing";
import type { ServerProcess } from "../testing/server-process.js";
import { interleaved, loadMeasure, type Measure, report, warmUpSeconds } from "./measure.js";

/** A server ready to measure: a ReadOnly user's session cookie on it. */
export interface PreparedServer {
  readonly server: ServerProcess;
  readonly cookie: string;
}

interface EngineBench {
  /** The server on SQLite. */
  readonly sqlite: PreparedServer;
  /** Starts and prepares the same server with these config flags on top. */
  start(flags: string[]): Promise<PreparedServer>;
  readonly rawVerify: Measure;
  /** Successful logins of the admin on `server`, as a Measure. */
  logins(server: ServerProcess): Measure;
}

const me = ({ server, cookie }: PreparedServer) =>
  loadMeasure({ url: `${server.url}/auth/trpc/user.me`, headers: { cookie }, connections: 16 });

export async function benchEngines({ sqlite, start, rawVerify, logins }: EngineBench) {
  // A local throwaway server (fsync off, as the tests run it): the figures are the driver's and
  // the queries' cost, not a disk's.
  const postgres = await startPostgresWithDatabase();
  try {
    const onPostgres = await start([`--database.url=${postgres.url}`]);
    try {
      console.log(
        `\nPostgreSQL 15 on 127.0.0.1 (throwaway, fsync off), ${availableParallelism()} cores`,
      );
      const [verify, signedIn] = await interleaved(rawVerify, logins(onPostgres.server));
      const verifyRate = verify?.rate ?? 0;
      const loginRate = signedIn?.rate ?? 0;
      report(
        "successful logins on PostgreSQL (target >= 80% of raw verify)",
        `${loginRate.toFixed(1)} /s`,
        loginRate >= 0.8 * verifyRate,
      );
      report("  as a share of raw verify", `${Math.round((100 * loginRate) / verifyRate)} %`);
      // The SQLite server has answered user.me for seconds already; this one not yet.
      const onPgLoad = me(onPostgres);
      await onPgLoad(warmUpSeconds);
      const [onSqlite, onPg] = await interleaved(me(sqlite), onPgLoad);
      const share = (onPg?.rate ?? 0) / (onSqlite?.rate ?? 1);
      report("user.me on SQLite", `${Math.round(onSqlite?.rate ?? 0)} /s`);
      report(
        "user.me on PostgreSQL (target >= 70% of SQLite)",
        `${Math.round(onPg?.rate ?? 0)} /s`,
        share >= 0.7,
      );
      report("  as a share of SQLite", `${Math.round(100 * share)} %`);
      if (onPg?.refused) report("  non-2xx answers to user.me", String(onPg.refused), false);
    } finally {
      await onPostgres.server.stop();
    }
  } finally {
    postgres.server.stop();
  }
}
