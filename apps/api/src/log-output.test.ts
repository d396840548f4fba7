import { describe, expect, it } from "vitest";
import { createLogOutput } from "./log-output.js";

const failure = (code: string) => Object.assign(new Error(code), { code });

/**
 * An output as the operating system gives it: `takes` says, for each write, how many bytes it
 * accepts (at most), or which error it fails with.
 */
function output(takes: (call: number) => number | string) {
  let text = "";
  let calls = 0;
  const warnings: string[] = [];
  let clock = Date.parse("2026-11-28T10:00:00.000Z");
  const log = createLogOutput({
    write(bytes) {
      const take = takes(calls++);
      if (typeof take === "string") throw failure(take);
      const accepted = Math.min(take, bytes.length);
      text += Buffer.from(bytes.subarray(0, accepted)).toString();
      return accepted;
    },
    warn: (message) => warnings.push(message),
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
  return { log, warnings, text: () => text, calls: () => calls };
}

describe("createLogOutput", () => {
  it("writes every line whole, however little the output takes at a time", () => {
    const out = output(() => 7);
    out.log.write('{"msg":"first"}\n');
    out.log.write('{"msg":"second"}\n');
    expect(out.text()).toBe('{"msg":"first"}\n{"msg":"second"}\n');
    expect(out.warnings).toEqual([]);
  });

  it("drops and counts the lines it cannot write, warns once, and says what was lost once lines get through", () => {
    let full = true;
    const out = output(() => (full ? "ENOSPC" : 1000));
    out.log.write("one\n");
    out.log.write("two\n");
    out.log.write("three\n");
    expect(out.text()).toBe("");
    expect(out.warnings).toEqual([
      "cannot write the log to standard output (ENOSPC): the server goes on, and its log lines are dropped, and counted, until they can be written",
    ]);

    full = false;
    out.log.write("four\n");
    out.log.write("five\n");
    const [notice, ...rest] = out.text().split("\n");
    expect(rest).toEqual(["four", "five", ""]);
    expect(JSON.parse(notice ?? "")).toMatchObject({
      level: 40,
      pid: process.pid,
      lostLines: 3,
      msg: "3 log lines could not be written (ENOSPC) from 2026-11-28T10:00:01.000Z until now",
    });

    // A second spell is a new one: warned about, and counted from zero.
    full = true;
    out.log.write("six\n");
    full = false;
    out.log.write("seven\n");
    expect(out.warnings).toHaveLength(2);
    expect(out.text()).toContain('"lostLines":1,');
    expect(out.text().endsWith("seven\n")).toBe(true);
  });

  it("starts the next line on a line of its own after one was cut short", () => {
    // Five bytes of "cut short\n" get through, then the disk is full.
    const out = output((call) => (call === 0 ? 5 : call === 1 ? "ENOSPC" : 1000));
    out.log.write("cut short\n");
    out.log.write("next\n");
    const lines = out.text().split("\n");
    expect(lines[0]).toBe("cut s");
    expect(JSON.parse(lines[1] ?? "")).toMatchObject({ lostLines: 1 });
    expect(lines.slice(2)).toEqual(["next", ""]);
  });

  it("waits briefly for an output that is busy, and drops the line if it stays busy", () => {
    const busyTwice = output((call) => (call < 2 ? "EAGAIN" : 1000));
    busyTwice.log.write("line\n");
    expect(busyTwice.text()).toBe("line\n");
    expect(busyTwice.warnings).toEqual([]);

    const stalled = output(() => "EAGAIN");
    const started = performance.now();
    stalled.log.write("line\n");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(stalled.warnings[0]).toContain("(EAGAIN)");
  });

  it("drops a line that the output takes nothing of, instead of trying forever", () => {
    const out = output((call) => (call === 0 ? 0 : 1000));
    out.log.write("line\n");
    expect(out.calls()).toBe(1);
    expect(out.warnings[0]).toContain("(the output took nothing)");
  });
});
