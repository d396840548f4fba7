import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it("reads the original's Go durations in milliseconds", () => {
    expect(parseDuration("1m")).toBe(60_000);
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration(" 0 ")).toBe(0);
    expect(parseDuration("0s")).toBe(0);
  });

  it("refuses what Go would refuse", () => {
    for (const text of ["", "60", "1 m", "1d", "m", "-1s", "1m-", "s1", "1.2.3s"])
      expect(parseDuration(text), text).toBeUndefined();
  });
});
