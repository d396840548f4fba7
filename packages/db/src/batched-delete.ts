import type { EntityManager } from "@mikro-orm/core";
import type { Database } from "./database.js";
import { ormRunner } from "./sql.js";

/** The most rows one purge statement deletes when an index finds them. */
export const purgeBatchSize = 1000;
/**
 * The rows one purge statement looks at when no index finds them: ~1 ms when none is deleted,
 * ~100 ms when all are, against ~0.5 ms of overhead per statement (windows of 1000 made the
 * hourly walk of 1.2M sessions take 1 s; of 5000, 0.44 s).
 */
export const purgeWindowRows = 5000;

/**
 * Deletes the rows of `table` that match `where`, in batches that each commit on their own. A
 * long backlog (a restart after days down, a shortened retention) deleted in one statement held
 * SQLite's write lock for seconds (2.6M audit events: 4-6 s, about the CLI's 5 s busy timeout;
 * 118k ended sessions: 2.9 s) while every sign-in waited; between batches they get the
 * connection. `indexed`: an index answers `where`, so a batch finds its rows without reading
 * the others. Otherwise SQLite's table is walked in rowid windows: a batch that had to find its
 * rows would read the table from the start every time (118k of 1.2M sessions: 12 s, not 7).
 * PostgreSQL locks rows, not the database: there one statement deletes them all.
 */
export async function deleteInBatches(
  em: EntityManager,
  engine: Database["engine"],
  table: string,
  where: string,
  params: unknown[],
  { indexed }: { indexed: boolean },
): Promise<number> {
  const runner = ormRunner(em);
  let deleted = 0;
  // Row locks, not a database lock: one statement holds up no sign-in.
  if (engine !== "sqlite") return runner.run(`delete from "${table}" where ${where}`, params);
  if (indexed) {
    for (;;) {
      const batch = await runner.run(
        `delete from "${table}" where rowid in (select rowid from "${table}" where ${where} limit ${purgeBatchSize})`,
        params,
      );
      deleted += batch;
      if (batch < purgeBatchSize) return deleted;
    }
  }
  const bounds = await runner.get<{ first: number | null; last: number | null }>(
    `select min(rowid) as first, max(rowid) as last from "${table}"`,
    [],
  );
  if (bounds?.first == null || bounds.last == null) return 0;
  for (let start = bounds.first; start <= bounds.last; start += purgeWindowRows) {
    deleted += await runner.run(
      `delete from "${table}" where rowid >= ? and rowid < ? and (${where})`,
      [start, start + purgeWindowRows, ...params],
    );
  }
  return deleted;
}
