import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { constants } from "node:os";
import { AuthError } from "../errors.js";
import type { Argon2Options, Argon2Runner } from "./hash.js";

type HashWork =
  | { readonly op: "hash"; readonly password: string; readonly options: Argon2Options }
  | { readonly op: "verify"; readonly hash: string; readonly password: string };

/** One request to the child, answered by a HashReply with the same id. */
export type HashJob = HashWork & { readonly id: number };

export type HashReply =
  | { readonly id: number; readonly value: string | boolean }
  | { readonly id: number; readonly error: string };

// Resolved through the package's own exports so that it names the built file from src (tests) too.
const childModule = createRequire(import.meta.url).resolve(
  "@pyroscope-auth/auth-core/hash-process-child",
);

/** The child's nice value (10 on Unix): below the event loop, above idle background work. */
const childNiceness = constants.priority.PRIORITY_BELOW_NORMAL;

/** A job until its reply, and how often it was sent. */
interface Job {
  readonly work: HashWork;
  tries: number;
  resolve(value: string | boolean): void;
  reject(error: Error): void;
}

/** A job whose child died under it is sent once more, to a new child. */
const maxTries = 2;

export interface HashProcess extends Argon2Runner {
  /** The child's pid while one runs. */
  readonly pid: number | undefined;
  /** Ends the child; jobs still in flight are refused with SERVER_BUSY. */
  close(): Promise<void>;
}

export interface HashProcessOptions {
  /**
   * The child's thread pool size: the most hashes that run at once. argon2 runs each hash
   * on a pool thread, and every thread keeps the memory of its last hash (19 MiB at the default
   * cost) for the next one; libuv's default pool of 4 held 132 MiB on 2 cores where 93 sufficed.
   */
  readonly threads: number;
}

/**
 * Runs argon2 in a child process at a lower CPU priority. During a login flood the hashes then
 * take only the CPU that the event loop leaves over, so cheap requests keep answering quickly;
 * on an idle machine the hashes still get every core. The child starts on the first job and
 * again after a crash. Jobs in flight when it dies run once more on a new one (hashing has no
 * side effect; a login sent in the moment between its death and the parent noticing got a 503);
 * if that one dies too they are refused with SERVER_BUSY, never lost.
 */
export function startHashProcess({ threads }: HashProcessOptions): HashProcess {
  let child: ChildProcess | undefined;
  let closed = false;
  let nextId = 0;
  const pending = new Map<number, Job>();

  // Jobs in flight keep the parent alive; an idle child never does.
  function holdParent(hold: boolean) {
    const channel = child?.channel;
    if (!channel) return;
    if (hold) {
      child?.ref();
      channel.ref();
    } else {
      child?.unref();
      channel.unref();
    }
  }

  function refuse(id: number, job: Job) {
    pending.delete(id);
    job.reject(new AuthError("SERVER_BUSY", undefined, 1));
  }

  /** Sends the job to the child (started if need be), or refuses it after its last try. */
  function dispatch(id: number, job: Job) {
    if (closed || job.tries >= maxTries) return refuse(id, job);
    child ??= spawnChild();
    job.tries += 1;
    holdParent(true);
    // Without a callback, a send that fails (the child gone) is the child's `error` event.
    child.send({ ...job.work, id } satisfies HashJob);
  }

  /** The child can take no more work: its jobs go to the next one. */
  function lost(started: ChildProcess) {
    if (child !== started) return;
    child = undefined;
    for (const [id, job] of [...pending]) dispatch(id, job);
  }

  function spawnChild(): ChildProcess {
    const started = fork(childModule, [String(childNiceness)], {
      execArgv: [],
      // The parent's environment (allowed for this file in tooling/biome) and the pool size,
      // which libuv reads once, before any module of the child runs.
      env: { ...process.env, UV_THREADPOOL_SIZE: String(threads) },
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const gone = () => lost(started);
    started.on("exit", gone);
    started.on("error", gone);
    started.on("message", (reply: HashReply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      if (pending.size === 0) holdParent(false);
      if ("error" in reply) job.reject(new Error(reply.error));
      else job.resolve(reply.value);
    });
    return started;
  }

  function submit(work: HashWork): Promise<string | boolean> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const job: Job = { work, tries: 0, resolve, reject };
      pending.set(id, job);
      dispatch(id, job);
    });
  }

  return {
    // One job running and one waiting per thread: a thread that finishes a hash starts the next
    // at once, instead of idling while its answer and the next job cross between the processes
    // and wait for the parent's event loop (2 % of the cores idled under a login load).
    jobsPerThread: 2,
    get pid() {
      return child?.pid;
    },
    async hash(password, options) {
      return String(await submit({ op: "hash", password, options }));
    },
    async verify(hash, password) {
      return (await submit({ op: "verify", hash, password })) === true;
    },
    async close() {
      closed = true;
      const running = child;
      if (!running) return;
      const exited = new Promise((resolve) => running.once("exit", resolve));
      // An idle child is unref'd: without this, a parent with nothing else left to do would end
      // (exit code 0, whatever it was about to report) before the child's exit is seen.
      running.ref();
      running.kill();
      await exited;
    },
  };
}
