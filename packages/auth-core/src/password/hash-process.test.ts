import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getPriority } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { createConcurrencyLimit } from "./concurrency-limit.js";
import { createPasswordHasher, type HashParams } from "./hash.js";
import { type HashProcess, startHashProcess } from "./hash-process.js";

const cheap: HashParams = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
// Slow enough (about 100 ms) to kill the child while a hash is in flight.
const slow: HashParams = { memoryCost: 65_536, timeCost: 3, parallelism: 1 };
const limit = () => createConcurrencyLimit({ maxConcurrent: 2, maxQueued: 10 });
const entry = createRequire(import.meta.url).resolve("@pyroscope-auth/auth-core");

/** Another Node process, running `body` as a module that has startHashProcess imported. */
function parentProcess(body: string) {
  const source = `import { startHashProcess } from ${JSON.stringify(entry)};\n${body}`;
  return spawn(process.execPath, ["--input-type=module", "-e", source], {
    stdio: ["ignore", "pipe", "inherit"],
  });
}

const started: HashProcess[] = [];
function hashProcess(threads = 2) {
  const runner = startHashProcess({ threads });
  started.push(runner);
  return runner;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((runner) => runner.close()));
});

/** Alive and not a zombie (an orphan's zombie lingers where PID 1 does not reap). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The state letter of a process (field 3 of /proc/<pid>/stat): Z for dead but not reaped. */
function processState(pid: number): string | undefined {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
}

/** The nice value of every thread of `pid` (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNiceness(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((thread) => {
    const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, "utf8");
    // The command name (field 2) may hold spaces; count from the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[16]);
  });
}

describe("hash process", () => {
  it("hashes and verifies in a child process", async () => {
    const runner = hashProcess();
    const hasher = createPasswordHasher(cheap, limit(), runner);
    const hash = await hasher.hash("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(runner.pid).toBeGreaterThan(0);
    expect(runner.pid).not.toBe(process.pid);
    expect(await hasher.verify(hash, "correct horse battery")).toBe(true);
    expect(await hasher.verify(hash, "correct horse batterY")).toBe(false);
    expect(await hasher.verify("not-a-hash", "x")).toBe(false);
    expect(await hasher.dummyVerify("anything")).toBe(false);
  });

  it.runIf(process.platform === "linux")(
    "runs every thread of the child at a lower priority, and only the child",
    async () => {
      const runner = hashProcess();
      await runner.hash("warm-up", { type: 2, ...cheap });
      const pid = runner.pid ?? 0;
      const niceness = threadNiceness(pid);
      expect(niceness.length).toBeGreaterThan(1);
      for (const value of niceness) expect(value).toBeGreaterThanOrEqual(getPriority() + 10);
      expect(threadNiceness(process.pid)).not.toContain(getPriority() + 10);
    },
  );

  it.runIf(process.platform === "linux")(
    "gives the child one pool thread per hash that may run at once",
    async () => {
      // Each pool thread keeps its last hash's memory: threads beyond the bound only hold RAM.
      const threadsOfChild = async (threads: number) => {
        const runner = hashProcess(threads);
        await runner.hash("warm-up", { type: 2, ...cheap });
        return readdirSync(`/proc/${runner.pid}/task`).length;
      };
      expect((await threadsOfChild(3)) - (await threadsOfChild(1))).toBe(2);
    },
  );

  /** A verify in flight on the child, which is then killed. */
  async function childKilledUnderAVerify() {
    const runner = hashProcess();
    const hasher = createPasswordHasher(slow, limit(), runner);
    const hash = await hasher.hash("correct horse battery");
    const first = runner.pid ?? 0;
    const inFlight = hasher.verify(hash, "correct horse battery");
    process.kill(first, "SIGKILL");
    return { runner, hasher, hash, first, inFlight };
  }

  it("runs the jobs in flight once more on a new child when the child dies", async () => {
    const { runner, hasher, hash, first, inFlight } = await childKilledUnderAVerify();
    expect(await inFlight).toBe(true);
    expect(runner.pid).not.toBe(first);
    // Sent while the child is dead but not yet reaped (this loop cannot see its exit until the
    // wait below ends, without yielding): the send fails, and the job goes on too.
    const second = runner.pid ?? 0;
    process.kill(second, "SIGKILL");
    while (processState(second) !== "Z");
    expect(await hasher.verify(hash, "correct horse battery")).toBe(true);
    expect(runner.pid).not.toBe(second);
  });

  it("refuses the jobs in flight when the new child dies too", async () => {
    const { runner, hasher, hash, first, inFlight } = await childKilledUnderAVerify();
    await expect.poll(() => runner.pid !== undefined && runner.pid !== first).toBe(true);
    process.kill(runner.pid ?? 0, "SIGKILL");
    await expect(inFlight).rejects.toMatchObject({ code: "SERVER_BUSY" });
    expect(await hasher.verify(hash, "correct horse battery")).toBe(true);
  });

  it("ends the child on close and refuses work afterwards", async () => {
    const runner = hashProcess();
    await runner.hash("warm-up", { type: 2, ...cheap });
    const pid = runner.pid ?? 0;
    await runner.close();
    expect(isRunning(pid)).toBe(false);
    await expect(runner.hash("late", { type: 2, ...cheap })).rejects.toMatchObject({
      code: "SERVER_BUSY",
    });
  });

  it("keeps an otherwise idle parent alive until close has seen the child end", async () => {
    // A server whose start fails closes its services and then reports; nothing else is left to
    // keep it running, and the idle child is unref'd.
    const parent = parentProcess(`
      const runner = startHashProcess({ threads: 1 });
      await runner.hash("x", { type: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 });
      await runner.close();
      console.log("closed");
      process.exitCode = 3;`);
    let output = "";
    parent.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    const status = await new Promise((resolve) => parent.once("close", resolve));
    expect({ status, output }).toEqual({ status: 3, output: "closed\n" });
  });

  it("leaves no orphan when the parent is killed, even in the middle of a hash", async () => {
    // The second hash would run for minutes: the child must stop because its parent is gone.
    const parent = parentProcess(`
      const runner = startHashProcess({ threads: 1 });
      await runner.hash("x", { type: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 });
      runner.hash("x", { type: 2, memoryCost: 65536, timeCost: 10000, parallelism: 1 });
      console.log(runner.pid);`);
    const childPid = await new Promise<number>((resolve) =>
      parent.stdout.once("data", (line: Buffer) => resolve(Number(line.toString()))),
    );
    try {
      expect(isRunning(childPid)).toBe(true);
      parent.kill("SIGKILL");
      await expect.poll(() => isRunning(childPid), { timeout: 10_000 }).toBe(false);
    } finally {
      if (isRunning(childPid)) process.kill(childPid, "SIGKILL");
    }
  });
});
