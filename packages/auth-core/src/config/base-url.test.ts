import { describe, expect, it } from "vitest";
import { basePathOf } from "./base-url.js";

describe("basePathOf", () => {
  it.each([
    ["", ""],
    ["/", ""],
    ["/pyroscope", "/pyroscope"],
    ["/pyroscope/", "/pyroscope"],
    [" /tools/pyroscope/ ", "/tools/pyroscope"],
    ["https://example.com/pyroscope/", "/pyroscope"],
    ["http://example.com:8080/", ""],
    ["http://example.com", ""],
  ])("reads %j as %j", (value, path) => {
    expect(basePathOf(value)).toBe(path);
  });

  it.each([
    "pyroscope",
    "/py roscope/",
    "/pyroscope?x=1",
    "/pyroscope#top",
    "https://example.com/pyroscope/?",
    "/a//b/",
    "/../admin/",
    "/./",
    "/%2e%2e/",
    "/pyro%2Fscope/",
    "ftp://example.com/pyroscope/",
    "https://user:pass@example.com/pyroscope/",
    "javascript:alert(1)",
  ])("refuses %j", (value) => {
    expect(basePathOf(value)).toBeUndefined();
  });
});
