import { describe, expect, it } from "vitest";
import { createRefusalTally } from "./refusal-tally.js";

describe("createRefusalTally", () => {
  it("records the first refusal under a block, then one a minute with the count between", () => {
    const tally = createRefusalTally();
    expect(tally.refused("ip:a", 900_000, 0)).toBe(0);
    for (let second = 1; second < 60; second++)
      expect(tally.refused("ip:a", 900_000, second * 1000)).toBeUndefined();
    expect(tally.refused("ip:a", 900_000, 60_000)).toBe(59);
    expect(tally.refused("ip:a", 900_000, 61_000)).toBeUndefined();
  });

  it("records a new block at once, carrying the count of the one before", () => {
    const tally = createRefusalTally();
    expect(tally.refused("pair:a", 10_000, 0)).toBe(0);
    expect(tally.refused("pair:a", 10_000, 1000)).toBeUndefined();
    expect(tally.refused("pair:a", 10_000, 2000)).toBeUndefined();
    expect(tally.refused("pair:a", 30_000, 11_000)).toBe(2);
    // Keys are tallied apart.
    expect(tally.refused("pair:b", 30_000, 11_000)).toBe(0);
  });

  it("keeps at most maxCounters, dropping ended blocks first, then the oldest", () => {
    const tally = createRefusalTally({ maxCounters: 2 });
    tally.refused("ended", 1000, 0);
    tally.refused("kept", 900_000, 0);
    tally.refused("kept", 900_000, 1);
    tally.refused("pushed", 900_000, 2000);
    tally.refused("pushed", 900_000, 2001);
    // "ended" made room for "pushed": "kept" still has its count.
    expect(tally.refused("kept", 900_000, 60_000)).toBe(1);
    // Nothing has ended: the oldest, "pushed", makes room and its count is lost.
    tally.refused("newest", 900_000, 60_001);
    expect(tally.refused("pushed", 900_000, 62_001)).toBe(0);
  });
});
