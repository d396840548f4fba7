import { AuthError } from "../errors.js";

export interface ConcurrencyLimitOptions {
  /**
   * Jobs under way at once: about the core count for CPU-bound work, or a multiple of it when
   * the work goes to a runner that queues some itself (the hashing process).
   */
  readonly maxConcurrent: number;
  /** Jobs allowed to wait; beyond it callers are refused at once instead of queueing forever. */
  readonly maxQueued: number;
}

interface Waiter {
  readonly start: () => void;
  readonly refuse: (error: AuthError) => void;
}

const busy = () => new AuthError("SERVER_BUSY", undefined, 1);

/**
 * Bounds CPU-heavy work (argon2) so that a login flood queues a little and then gets a quick
 * SERVER_BUSY, while cheap requests keep their share of the event loop and thread pool.
 *
 * Fair between owners (client addresses, DESIGN.md rule 11): a free slot goes to the owners
 * that wait in turn, one job each, and when the queue is full a newcomer takes the place of
 * the newest job of the owner that holds the most of it, if that owner holds more than the
 * newcomer's would. One address flooding the queue delays another's job by at most one job per
 * owner waiting, and cannot make it busy.
 */
export function createConcurrencyLimit({ maxConcurrent, maxQueued }: ConcurrencyLimitOptions) {
  let running = 0;
  let queued = 0;
  // Each owner's waiting jobs, oldest first; the map's order is the turn order.
  const waiting = new Map<string, Waiter[]>();

  function release() {
    const next = waiting.entries().next().value;
    if (!next) {
      running--;
      return;
    }
    const [owner, jobs] = next;
    const first = jobs.shift() as Waiter;
    waiting.delete(owner);
    // Back of the line for the owner's next job.
    if (jobs.length > 0) waiting.set(owner, jobs);
    queued--;
    first.start();
  }

  /** Refuses the newest job of the owner holding the most of the queue, if it holds more than `than`. */
  function evictFromHeaviest(than: number): boolean {
    let heaviest: Waiter[] | undefined;
    let heaviestOwner = "";
    for (const [owner, jobs] of waiting) {
      if (!heaviest || jobs.length > heaviest.length) {
        heaviest = jobs;
        heaviestOwner = owner;
      }
    }
    if (!heaviest || heaviest.length <= than) return false;
    const evicted = heaviest.pop() as Waiter;
    if (heaviest.length === 0) waiting.delete(heaviestOwner);
    queued--;
    evicted.refuse(busy());
    return true;
  }

  return {
    async run<T>(job: () => Promise<T>, owner = ""): Promise<T> {
      if (running < maxConcurrent) {
        running++;
      } else {
        const mine = waiting.get(owner)?.length ?? 0;
        if (queued >= maxQueued && !evictFromHeaviest(mine + 1)) throw busy();
        // The slot is handed over directly by release(), so `running` stays the same.
        await new Promise<void>((start, refuse) => {
          const jobs = waiting.get(owner) ?? [];
          jobs.push({ start, refuse });
          waiting.set(owner, jobs);
          queued++;
        });
      }
      try {
        return await job();
      } finally {
        release();
      }
    },
    get pending() {
      return running + queued;
    },
  };
}

export type ConcurrencyLimit = ReturnType<typeof createConcurrencyLimit>;
