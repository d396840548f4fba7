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

/**
 * Bounds CPU-heavy work (argon2) so that a login flood queues a little and then gets a quick
 * SERVER_BUSY, while cheap requests keep their share of the event loop and thread pool.
 */
export function createConcurrencyLimit({ maxConcurrent, maxQueued }: ConcurrencyLimitOptions) {
  let running = 0;
  const waiting: Array<() => void> = [];

  function release() {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }

  return {
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running < maxConcurrent) {
        running++;
      } else if (waiting.length < maxQueued) {
        // The slot is handed over directly by release(), so `running` stays the same.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        throw new AuthError("SERVER_BUSY", undefined, 1);
      }
      try {
        return await job();
      } finally {
        release();
      }
    },
    get pending() {
      return running + waiting.length;
    },
  };
}

export type ConcurrencyLimit = ReturnType<typeof createConcurrencyLimit>;
