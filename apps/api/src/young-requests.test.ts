import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** The built module: the child process runs plain JavaScript. */
const built = new URL("../dist/young-requests.js", import.meta.url).href;

/**
 * What V8 decides in a process that keeps objects from one allocation site through young
 * collections (as sign-ins waiting for the hash keep their requests): V8's trace of its
 * pretenuring decisions, one line per allocation site it reviews.
 */
function pretenuringTrace(keepYoung: boolean): string {
  const workload = `
    ${keepYoung ? `(await import(${JSON.stringify(built)})).keepRequestsYoung();` : ""}
    const make = (i) => ({ i, list: [i], nested: { i } });
    let kept = [];
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 50000; i++) kept.push(make(i));
      if (kept.length > 400000) kept = [];
    }
    console.log("kept", kept.length);
  `;
  const child = spawnSync(
    process.execPath,
    ["--trace-pretenuring-statistics", "--input-type=module", "-e", workload],
    { encoding: "utf8", env: { PATH: process.env.PATH } },
  );
  expect(child.status, child.stderr).toBe(0);
  return child.stdout;
}

describe("keepRequestsYoung", () => {
  it("leaves V8 no allocation site to allocate straight into old space", () => {
    // Without it, the same objects make V8 tenure their sites: the workload is one that would.
    expect(pretenuringTrace(false)).toMatch(/AllocationSite.*=> tenure/);
    const trace = pretenuringTrace(true);
    expect(trace).toContain("kept 200000");
    expect(trace).not.toMatch(/AllocationSite/);
  });
});
