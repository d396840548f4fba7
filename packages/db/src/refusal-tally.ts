/** The refusals under one counter's standing block or delay, since its last audit event. */
interface Tally {
  blockedUntil: number;
  recordedAt: number;
  unrecorded: number;
}

export interface RefusalTallyOptions {
  /** How long repeats under the same block are only counted. */
  readonly intervalMs?: number;
  /** Beyond this many counters, those whose block ended go first, then the oldest. */
  readonly maxCounters?: number;
}

/**
 * Which refusals of the login throttle go into the audit trail: a blocked client retrying in a
 * loop wrote ~570 events a second. Per counter key, a refusal under a new block or delay is
 * recorded at once; repeats under the same one are counted and reported with the next event,
 * at most one a minute. (A last minute's count waits for the key's next refusal; one that never
 * comes, or a counter pushed out by the bound, loses its count.)
 */
export function createRefusalTally({
  intervalMs = 60_000,
  maxCounters = 10_000,
}: RefusalTallyOptions = {}) {
  const tallies = new Map<string, Tally>();
  return {
    /**
     * A refusal under `key`'s block until `blockedUntil`: undefined when it is only counted,
     * else the number of refusals only counted since the key's last event.
     */
    refused(key: string, blockedUntil: number, now: number): number | undefined {
      const tally = tallies.get(key);
      if (tally && tally.blockedUntil === blockedUntil && now - tally.recordedAt < intervalMs) {
        tally.unrecorded += 1;
        return undefined;
      }
      tallies.delete(key);
      tallies.set(key, { blockedUntil, recordedAt: now, unrecorded: 0 });
      if (tallies.size > maxCounters) {
        for (const [counter, { blockedUntil: until }] of tallies)
          if (until <= now) tallies.delete(counter);
        const oldest = tallies.keys().next().value;
        if (tallies.size > maxCounters && oldest !== undefined) tallies.delete(oldest);
      }
      return tally?.unrecorded ?? 0;
    },
  };
}

export type RefusalTally = ReturnType<typeof createRefusalTally>;
