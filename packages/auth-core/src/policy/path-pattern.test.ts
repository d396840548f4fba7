import { describe, expect, it } from "vitest";
import { compilePathPattern, pathPatternProblem } from "./path-pattern.js";

describe("path patterns", () => {
  it("match exactly, within a segment (*) and below a path (/**)", () => {
    expect(compilePathPattern("/ready")("/ready")).toBe(true);
    expect(compilePathPattern("/ready")("/ready/")).toBe(false);
    const internal = compilePathPattern("/ingester.v1.*/**");
    expect(internal("/ingester.v1.IngesterService/Push")).toBe(true);
    expect(internal("/ingester.v1x/Push")).toBe(false);
    expect(internal("/ingesterxv1.IngesterService/Push")).toBe(false);
    const below = compilePathPattern("/debug/**");
    expect(below("/debug")).toBe(true);
    expect(below("/debug/pprof/heap")).toBe(true);
    expect(below("/debugger")).toBe(false);
    expect(compilePathPattern("/a/*/c")("/a/b/x/c")).toBe(false);
    expect(compilePathPattern("/**")("/anything/at/all")).toBe(true);
  });

  it("are refused when they could not match a canonical path", () => {
    expect(pathPatternProblem("/ok/*/fine/**")).toBeUndefined();
    expect(pathPatternProblem("relative")).toBeDefined();
    expect(pathPatternProblem("/a//b")).toBeDefined();
    expect(pathPatternProblem("/a/**/b")).toBeDefined();
    expect(pathPatternProblem("/a/x**")).toBeDefined();
    expect(pathPatternProblem("/a?b")).toBeDefined();
  });
});
