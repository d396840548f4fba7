import { describe, expect, it } from "vitest";
import { createLogOutput } from "./log-output.js";
import type { TextWriter, WriteOutcome } from "./log-writer-thread.js";

const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * An output as the operating system gives it. `next` decides each write to standard output: it
 * gets through, fails (with the part that got through), or waits until `release()`.
 */
function output() {
  let text = "";
  const warnings: string[] = [];
  const held: Array<() => void> = [];
  let next: () => WriteOutcome | "wait" | { cut: string; reason: string } = () => ({
    ok: true,
  });
  const writer: TextWriter = async (fd, chunk) => {
    if (fd === 2) {
      warnings.push(chunk);
      return { ok: true };
    }
    let decision = next();
    while (decision === "wait") {
      await new Promise<void>((resolve) => held.push(resolve));
      decision = next();
    }
    if ("cut" in decision) {
      text += chunk.slice(0, decision.cut.length);
      return { ok: false, reason: decision.reason, partial: true };
    }
    if (decision.ok) text += chunk;
    return decision;
  };
  let clock = Date.parse("2026-11-28T10:00:00.000Z");
  const log = createLogOutput({
    writer,
    maxQueuedBytes: 20,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
  return {
    log,
    warnings,
    text: () => text,
    decide(decision: typeof next) {
      next = decision;
    },
    release() {
      for (const resolve of held.splice(0)) resolve();
    },
  };
}

const notices = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("createLogOutput", () => {
  it("writes every line, in order, and tells when all are written", async () => {
    const out = output();
    out.log.write("one\n");
    out.log.write("two\n");
    out.log.write("three\n");
    await out.log.drained(1000);
    expect(out.text()).toBe("one\ntwo\nthree\n");
    expect(out.warnings).toEqual([]);
  });

  it("drops and counts the lines it cannot write, warns once, and says what was lost once lines get through", async () => {
    const out = output();
    out.decide(() => ({ ok: false, reason: "ENOSPC", partial: false }));
    for (const line of ["one\n", "two\n", "three\n"]) {
      out.log.write(line);
      await out.log.drained(1000);
    }
    expect(out.text()).toBe("");
    expect(out.warnings).toEqual([
      "pyroscope-auth: warning: cannot write the log to standard output (ENOSPC): the server goes on, and its log lines are dropped, and counted, until they can be written\n",
    ]);

    out.decide(() => ({ ok: true }));
    out.log.write("four\n");
    await out.log.drained(1000);
    const [notice, ...rest] = out.text().split("\n");
    expect(rest).toEqual(["four", ""]);
    expect(JSON.parse(notice ?? "")).toMatchObject({
      level: 40,
      pid: process.pid,
      lostLines: 3,
      msg: "3 log lines could not be written (ENOSPC) from 2026-11-28T10:00:01.000Z until now",
    });

    // A later spell is a new one: warned about, and counted from zero.
    out.decide(() => ({ ok: false, reason: "EPIPE", partial: false }));
    out.log.write("five\n");
    await out.log.drained(1000);
    out.decide(() => ({ ok: true }));
    out.log.write("six\n");
    await out.log.drained(1000);
    expect(out.warnings).toHaveLength(2);
    expect(notices(out.text()).map((line) => line.lostLines)).toEqual([3, 1]);
    expect(out.text().endsWith("six\n")).toBe(true);
  });

  it("counts each lost line once, even when its spell's notice got through and the line did not", async () => {
    const out = output();
    out.decide(() => ({ ok: false, reason: "ENOSPC", partial: false }));
    out.log.write("one\n");
    await out.log.drained(1000);
    // The notice gets through; the line after it is cut short.
    const decisions = [{ ok: true } as const, { cut: "tw", reason: "ENOSPC" }];
    out.decide(() => decisions.shift() ?? { ok: true });
    out.log.write("two\n");
    await out.log.drained(1000);
    out.log.write("three\n");
    await out.log.drained(1000);
    expect(notices(out.text()).map((line) => line.lostLines)).toEqual([1, 1]);
    // The line cut short is ended before the next notice.
    expect(out.text()).toMatch(/}\ntw\n\{/);
    expect(out.text().endsWith("three\n")).toBe(true);
  });

  it("never makes its caller wait for an output that takes nothing, and drops what would queue beyond its bound", async () => {
    const out = output();
    out.decide(() => "wait");
    out.log.write("first\n");
    // Written after a moment, with whatever else came meanwhile; then the output holds it.
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Queued behind the write in progress: 20 bytes at most.
    for (const line of ["0123456789\n", "abcdefgh\n", "dropped\n", "dropped\n"])
      out.log.write(line);
    let drained = false;
    void out.log.drained(50).then(() => {
      drained = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(drained).toBe(true);
    expect(out.text()).toBe("");

    out.decide(() => ({ ok: true }));
    out.release();
    await settle();
    await out.log.drained(1000);
    const [first, notice, ...rest] = out.text().split("\n");
    expect(first).toBe("first");
    expect(JSON.parse(notice ?? "")).toMatchObject({
      lostLines: 2,
      msg: expect.stringContaining("(the output takes nothing more; its reader may have stopped)"),
    });
    expect(rest).toEqual(["0123456789", "abcdefgh", ""]);
  });

  it("counts what it queued as lost when the writer itself fails, and goes on", async () => {
    let broken = true;
    const written: string[] = [];
    const log = createLogOutput({
      writer: async (fd, text) => {
        if (broken && fd === 1) throw new Error("cannot start a thread");
        if (fd === 1) written.push(text);
        return { ok: true };
      },
    });
    log.write("one\n");
    log.write("two\n");
    expect(await log.drained(1000)).toBe(true);
    broken = false;
    log.write("three\n");
    expect(await log.drained(1000)).toBe(true);
    expect(notices(written.join(""))).toMatchObject([
      { lostLines: 2, msg: expect.stringContaining("(cannot start a thread)") },
    ]);
    expect(written.at(-1)).toBe("three\n");
  });
});
