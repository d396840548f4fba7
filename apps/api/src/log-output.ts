import { writeSync } from "node:fs";
import { hostname } from "node:os";

interface LogOutputOptions {
  /** Writes some of `bytes`, returning how many, or throws (default: standard output). */
  readonly write?: (bytes: Uint8Array) => number;
  /** Told once per spell of lost lines, at its first (default: a line on standard error). */
  readonly warn?: (message: string) => void;
  readonly now?: () => Date;
}

const reasonOf = (error: unknown) =>
  (error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error);

/** The longest a line waits for an output that is busy (EAGAIN) before it is dropped. */
const maxBusyWaitMs = 50;
const pause = new Int32Array(new SharedArrayBuffer(4));

function writeToStderr(message: string) {
  try {
    writeSync(2, `pyroscope-auth: warning: ${message}\n`);
  } catch {
    // Standard error may be on the same full disk: the spell is still counted in the log.
  }
}

/**
 * The server log's destination (pino writes each line here): standard output, each line written
 * before the call returns, so that a crash loses none, and never at the cost of serving. A line
 * that cannot be written (a full disk, an output nobody reads any more) is dropped and counted,
 * and once lines get through again a warning line says how many were lost, from when, and why.
 * pino's own stdout stream threw from its write callback on such an error, and its exit hook
 * then retried the write forever: with its log on a full disk the server took connections it
 * never answered and ignored SIGTERM.
 */
export function createLogOutput({
  write = (bytes) => writeSync(1, bytes),
  warn = writeToStderr,
  now = () => new Date(),
}: LogOutputOptions = {}) {
  let lost: { count: number; since: Date; reason: string } | undefined;
  /** A line was cut short by a failed write: the next one starts on a line of its own. */
  let torn = false;

  function writeWhole(text: string) {
    const bytes = Buffer.from(text);
    let written = 0;
    let waitedMs = 0;
    try {
      while (written < bytes.length) {
        let count: number;
        try {
          count = write(bytes.subarray(written));
        } catch (error) {
          // An output that is non-blocking and full for now (a pipe whose reader lags): a short
          // wait, bounded so that a stalled reader cannot stall the server.
          if (reasonOf(error) !== "EAGAIN" || waitedMs >= maxBusyWaitMs) throw error;
          Atomics.wait(pause, 0, 0, 1);
          waitedMs += 1;
          continue;
        }
        // Never spin on an output that takes nothing.
        if (count <= 0) throw new Error("the output took nothing");
        written += count;
      }
      torn = false;
    } catch (error) {
      if (written > 0) torn = true;
      throw error;
    }
  }

  function lostLine(spell: NonNullable<typeof lost>) {
    const message = `${spell.count} log lines could not be written (${spell.reason}) from ${spell.since.toISOString()} until now`;
    // pino's own shape at level warn, so that log readers take it like any other line.
    return `${JSON.stringify({ level: 40, time: now().getTime(), pid: process.pid, hostname: hostname(), lostLines: spell.count, msg: message })}\n`;
  }

  return {
    write(line: string) {
      try {
        writeWhole(`${torn ? "\n" : ""}${lost ? lostLine(lost) : ""}${line}`);
        lost = undefined;
      } catch (error) {
        if (!lost) {
          lost = { count: 0, since: now(), reason: reasonOf(error) };
          warn(
            `cannot write the log to standard output (${lost.reason}): the server goes on, and its log lines are dropped, and counted, until they can be written`,
          );
        }
        lost.count += 1;
      }
    },
  };
}
