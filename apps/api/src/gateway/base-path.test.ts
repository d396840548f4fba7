import { describe, expect, it } from "vitest";
import { beneathBase } from "./base-path.js";

describe("beneathBase", () => {
  it.each([
    ["/pyroscope/explore?from=now-1h", "/explore?from=now-1h"],
    ["/pyroscope/auth/login", "/auth/login"],
    ["/pyroscope", "/"],
    ["/pyroscope?x=1", "/?x=1"],
    ["/pyroscope/", "/"],
  ])("strips the base path from %j", (target, judged) => {
    expect(beneathBase(target, "/pyroscope")).toBe(judged);
  });

  it.each(["/pyroscopex/ingest", "/ingest", "/other/pyroscope/ingest"])(
    "judges %j, outside the base path, as it is",
    (target) => {
      expect(beneathBase(target, "/pyroscope")).toBe(target);
    },
  );

  it("changes nothing without a base path", () => {
    expect(beneathBase("/pyroscope/explore", "")).toBe("/pyroscope/explore");
  });
});
