// The child of hash-process.ts: answers hash and verify jobs from its parent, at low priority.
import { readdirSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import argon2 from "argon2";
import type { HashJob, HashReply } from "./hash-process.js";

function lowerPriority(niceness: number) {
  // Never raise the priority the server was started with (that would fail without privileges).
  const target = Math.max(getPriority(), niceness);
  setPriority(target);
  // Linux applies a priority to one thread. argon2's pool threads start later and inherit it,
  // but V8's own threads already run, so each thread of this process is lowered too.
  let threads: string[] = [];
  try {
    threads = readdirSync("/proc/self/task");
  } catch {
    // Not Linux: setPriority above already covered the whole process.
  }
  for (const thread of threads) {
    try {
      setPriority(Number(thread), target);
    } catch {
      // The thread ended in between.
    }
  }
}

function reply(message: HashReply) {
  // The parent may be gone; the disconnect handler below ends this process then.
  process.send?.(message, undefined, {}, () => undefined);
}

lowerPriority(Number(process.argv[2]));
// Without a parent there is nobody to answer: never linger as an orphan. process.exit() would
// first wait for the hashes in flight (libuv joins its pool), so the signal ends it at once.
process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
process.on("message", (job: HashJob) => {
  const work =
    job.op === "hash"
      ? argon2.hash(job.password, job.options)
      : argon2.verify(job.hash, job.password);
  work.then(
    (value) => reply({ id: job.id, value }),
    (error: unknown) =>
      reply({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
