import { loggableError } from "@pyroscope-auth/db";
import type { FastifyBaseLogger } from "fastify";

/** How long after a write refused for lack of space /healthz keeps saying so. */
export const storageFullWindowMs = 60_000;

interface StorageFullWatch {
  /** Records a request whose write the database refused for lack of space (`error`: why). */
  refused(log: FastifyBaseLogger, error: unknown): void;
  /** True while writes have been refused for lack of space within the last minute. */
  full(): boolean;
}

/**
 * Follows the writes the database at `location` refuses for lack of space. The request log
 * already has a 503 line for each; the error log names the file and the fix at most once a
 * minute, with the count since its last line, so that a full disk does not also get an error
 * line per request, on a disk that may be the same one. A spell of refusals begins with the
 * database's own error, and with what the last spell left uncounted.
 */
export function watchStorageFull(location: string, now: () => Date): StorageFullWatch {
  let lastRefusal: number | undefined;
  let lastReport: number | undefined;
  let unreported = 0;
  const within = (at: number, since: number | undefined) =>
    since !== undefined && at - since < storageFullWindowMs;
  return {
    refused(log, error) {
      const at = now().getTime();
      if (!within(at, lastRefusal)) {
        const earlier =
          unreported > 0 && lastRefusal !== undefined
            ? ` (${unreported} more refused after the last report, the last at ${new Date(lastRefusal).toISOString()})`
            : "";
        log.error(
          { error: loggableError(error) },
          `the database at ${location} is full: requests that write (sign-ins included) are refused with 503 until space is freed on its disk${earlier}`,
        );
        lastReport = at;
        unreported = 0;
      } else if (within(at, lastReport)) {
        unreported += 1;
      } else {
        log.error(
          `the database at ${location} is still full (writes refused since the last report: ${unreported + 1})`,
        );
        lastReport = at;
        unreported = 0;
      }
      lastRefusal = at;
    },
    full: () => within(now().getTime(), lastRefusal),
  };
}
