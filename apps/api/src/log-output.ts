import { hostname } from "node:os";
import { createThreadWriter, type TextWriter, type WriteOutcome } from "./log-writer-thread.js";

interface LogOutputOptions {
  /** Where lines go (default: standard output and error, through a thread of their own). */
  readonly writer?: TextWriter;
  readonly now?: () => Date;
  /** Lines waiting beyond this many characters are dropped, and counted. */
  readonly maxQueuedBytes?: number;
  /** Turns each line into the text written (main.ts: a readable form on a terminal). */
  readonly format?: (line: string) => string;
}

const standardOutput = 1;
const standardError = 2;
/** How long a line may wait for the others of its batch. */
const batchMs = 10;

/** A spell of lines that could not be written: how many, since when, and why. */
interface Spell {
  count: number;
  readonly since: Date;
  readonly reason: string;
}

/**
 * The server log's destination (pino hands each line to `write`): standard output, written
 * within milliseconds by a thread of its own (a crash loses at most those), and never at the
 * cost of serving. pino's own stdout stream threw from its write callback at a full disk, and
 * its exit hook then retried forever: the server took connections it never answered and
 * ignored SIGTERM. Written on the event loop instead, a
 * reader that stopped reading (a full pipe) stopped the server just the same.
 * A line that cannot be written, or that would wait behind more than `maxQueuedBytes`, is
 * dropped and counted; one warning per spell goes to standard error, and once lines get through
 * again a warning line in the log says how many were lost, from when, and why.
 */
export function createLogOutput({
  writer = createThreadWriter(),
  now = () => new Date(),
  maxQueuedBytes = 1024 * 1024,
  format = (line) => line,
}: LogOutputOptions = {}) {
  const queue: string[] = [];
  let queuedBytes = 0;
  let writing = false;
  let lost: Spell | undefined;
  /** A line was cut short by a failed write: the next text starts on a line of its own. */
  let torn = false;
  const idle: Array<() => void> = [];

  function lose(count: number, reason: string) {
    if (!lost) {
      lost = { count: 0, since: now(), reason };
      writer(
        standardError,
        `pyroscope-auth: warning: cannot write the log to standard output (${reason}): the server goes on, and its log lines are dropped, and counted, until they can be written\n`,
      ).catch(() => undefined);
    }
    lost.count += count;
  }

  function notice(spell: Spell) {
    const message = `${spell.count} log lines could not be written (${spell.reason}) from ${spell.since.toISOString()} until now`;
    // pino's own shape at level warn, so that log readers take it like any other line.
    return `${JSON.stringify({ level: 40, time: now().getTime(), pid: process.pid, hostname: hostname(), lostLines: spell.count, msg: message })}\n`;
  }

  /** Writes `text` (`lines` log lines, or none for a notice); true when it got through whole. */
  async function send(text: string, lines: number): Promise<boolean> {
    const outcome = await writer(standardOutput, `${torn ? "\n" : ""}${text}`).catch(
      // Such as a writer thread that cannot be started.
      (error: Error): WriteOutcome => ({ ok: false, reason: error.message, partial: false }),
    );
    if (outcome.ok) {
      torn = false;
      return true;
    }
    torn ||= outcome.partial;
    lose(lines, outcome.reason);
    return false;
  }

  async function pump() {
    await writeQueue();
    writing = false;
    for (const resolve of idle.splice(0)) resolve();
  }

  async function writeQueue() {
    while (queue.length > 0) {
      // The spell's notice goes alone, so that it is counted once whatever befalls the lines.
      const spell = lost;
      if (spell) {
        const reported = spell.count;
        if (await send(notice(spell), 0)) {
          // Lines dropped while the notice was being written make a spell of their own.
          lost =
            spell.count > reported
              ? { ...spell, count: spell.count - reported, since: now() }
              : undefined;
        }
      }
      const lines = queue.splice(0);
      queuedBytes = 0;
      await send(lines.join(""), lines.length);
    }
  }

  return {
    write(raw: string) {
      const line = format(raw);
      if (queuedBytes + line.length > maxQueuedBytes) {
        lose(1, "the output takes nothing more; its reader may have stopped");
        return;
      }
      queue.push(line);
      queuedBytes += line.length;
      if (writing) return;
      writing = true;
      // The lines of the next few milliseconds go together: one message to the writer thread and
      // one answer for them all, rather than a pair per line.
      setTimeout(() => void pump(), batchMs);
    },
    /**
     * Resolves to true once every line given so far has been written or dropped, or to false
     * after `timeoutMs` (a write that does not end: a reader that stopped reading).
     */
    drained(timeoutMs: number): Promise<boolean> {
      if (!writing) return Promise.resolve(true);
      return new Promise((resolve) => {
        idle.push(() => resolve(true));
        // Not unref'd: this wait is what keeps an exiting server alive for its log.
        setTimeout(() => resolve(false), timeoutMs);
      });
    },
  };
}
