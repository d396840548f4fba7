import { Worker } from "node:worker_threads";

export type WriteOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly partial: boolean };

/** Writes text to a file descriptor, whole, or says why not. */
export type TextWriter = (fd: number, text: string) => Promise<WriteOutcome>;

// The thread's code, evaluated rather than bundled (the server ships as one file). A blocking
// write waits here, never on the event loop: for a reader that stopped reading, a pipe that is
// full holds this thread only.
const threadSource = `
const { parentPort } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const pause = new Int32Array(new SharedArrayBuffer(4));
parentPort.on("message", ({ fd, text }) => {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) {
      let count;
      try {
        count = writeSync(fd, bytes, written);
      } catch (error) {
        // A non-blocking output that is full for now: wait here, as a blocking one would.
        if (error.code !== "EAGAIN") throw error;
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if (count <= 0) throw new Error("the output took nothing");
      written += count;
    }
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, reason: error.code || error.message, partial: written > 0 });
  }
});
`;

/**
 * A TextWriter on a thread of its own, started at its first write (and again if it ever ends).
 * The thread does not keep the process alive; what waits for the log at exit is main.ts's.
 */
export function createThreadWriter(): TextWriter {
  let current: { worker: Worker; waiting: Array<(outcome: WriteOutcome) => void> } | undefined;
  function start() {
    const waiting: Array<(outcome: WriteOutcome) => void> = [];
    const worker = new Worker(threadSource, { eval: true });
    const started = { worker, waiting };
    // Its writes only: whatever befalls it answers them and leaves the next write a new thread.
    const stopped = (reason: string) => {
      if (current === started) current = undefined;
      for (const answer of waiting.splice(0)) answer({ ok: false, reason, partial: false });
    };
    worker.on("message", (outcome: WriteOutcome) => waiting.shift()?.(outcome));
    worker.on("error", (error) => stopped(`log writer thread failed: ${error.message}`));
    worker.on("exit", () => stopped("log writer thread ended"));
    // After the listeners: adding a 'message' listener refs the worker again.
    worker.unref();
    return started;
  }
  // Async, so that a thread that cannot be started is a rejected write, not a throw into pino.
  return async (fd, text) => {
    current ??= start();
    const { worker, waiting } = current;
    return new Promise((resolve) => {
      waiting.push(resolve);
      worker.postMessage({ fd, text });
    });
  };
}
