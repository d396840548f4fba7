import type { Get } from "../../fast-read-queries.js";

export interface ReadsWhileUnchangedOptions {
  /** The database's state as a string that every commit changes; undefined: not known now. */
  readonly stamp: () => string | undefined;
  /** An answer older than this is read again, whatever the stamp says. */
  readonly maxAgeMs: number;
  readonly maxEntries: number;
  readonly clock?: () => number;
}

interface Entry {
  readonly row: unknown;
  readonly readAt: number;
}

/**
 * `get`, answering a read again from memory while the database has not changed since it was
 * made: each answer is kept under the stamp taken before its read began, and all are dropped
 * when the stamp moves. So every request is still judged on the database as it is (a
 * revocation or a disabled user, from any process, is seen at the next request), without a
 * round trip through the thread pool when nothing was written. `maxAgeMs` bounds what a change
 * the stamp failed to show could cost. Nothing is kept for a read that found no row.
 */
export function readsWhileUnchanged(
  get: Get,
  { stamp, maxAgeMs, maxEntries, clock = () => performance.now() }: ReadsWhileUnchangedOptions,
): Get {
  let keptUnder: string | undefined;
  const entries = new Map<string, Entry>();
  return async <T>(sql: string, params: unknown[]) => {
    const now = stamp();
    if (now !== keptUnder) {
      entries.clear();
      keptUnder = now;
    }
    const key = `${sql}\0${JSON.stringify(params)}`;
    const startedAt = clock();
    const kept = now === undefined ? undefined : entries.get(key);
    if (kept && startedAt - kept.readAt < maxAgeMs) return kept.row as T;
    const row = await get<T>(sql, params);
    // Kept only if no read has seen a newer stamp meanwhile: this one may predate that commit.
    if (row !== undefined && now !== undefined && keptUnder === now) {
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      // Shared by every later caller: frozen, so that none changes what the others are given.
      entries.set(key, { row: Object.freeze(row), readAt: startedAt });
    }
    return row;
  };
}
