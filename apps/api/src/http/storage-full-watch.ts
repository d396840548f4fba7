import type { FastifyBaseLogger } from "fastify";

/** How long after a write refused for lack of space /healthz keeps saying so. */
export const storageFullWindowMs = 60_000;

interface StorageFullWatch {
  /** Records a request whose write the database refused for lack of space. */
  refused(log: FastifyBaseLogger): void;
  /** True while writes have been refused for lack of space within the last minute. */
  full(): boolean;
}

/**
 * Follows the writes the database at `location` refuses for lack of space. The request log
 * already has a 503 line for each; the error log names the file and the fix at most once a
 * minute, with the count since its last line, so that a full disk does not also get an error
 * line per request, on a disk that may be the same one.
 */
export function watchStorageFull(location: string, now: () => Date): StorageFullWatch {
  let lastRefusal: number | undefined;
  let lastReport: number | undefined;
  let unreported = 0;
  const within = (at: number, since: number | undefined) =>
    since !== undefined && at - since < storageFullWindowMs;
  return {
    refused(log) {
      const at = now().getTime();
      const afresh = !within(at, lastRefusal);
      lastRefusal = at;
      unreported += 1;
      if (within(at, lastReport)) return;
      const state = afresh
        ? `the database at ${location} is full: requests that write (sign-ins included) are refused with 503 until space is freed on its disk`
        : `the database at ${location} is still full`;
      log.error(
        lastReport === undefined
          ? state
          : `${state} (writes refused since the last report: ${unreported})`,
      );
      lastReport = at;
      unreported = 0;
    },
    full: () => within(now().getTime(), lastRefusal),
  };
}
