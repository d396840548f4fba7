import { describe, expect, it } from "vitest";
import { canonicalTarget } from "./canonical-path.js";

describe("canonicalTarget", () => {
  it("passes a plain path and keeps its query apart", () => {
    expect(canonicalTarget("/explore?from=now-1h&q=a%2Fb")).toEqual({
      ok: true,
      path: "/explore",
      query: "?from=now-1h&q=a%2Fb",
    });
    expect(canonicalTarget("/assets/")).toMatchObject({ ok: true, path: "/assets/" });
    expect(canonicalTarget("/")).toMatchObject({ ok: true, path: "/" });
  });

  it("judges the decoded path, the one Pyroscope routes on", () => {
    expect(canonicalTarget("/%69ngester.v1.IngesterService/Push")).toMatchObject({
      ok: true,
      path: "/ingester.v1.IngesterService/Push",
    });
    expect(canonicalTarget("/label%20values")).toMatchObject({ ok: true, path: "/label values" });
  });

  it("refuses every other spelling of a path", () => {
    for (const target of [
      "/ingest/../admin",
      "/./admin",
      "/admin/.",
      "/ingest/..",
      "//admin",
      "/ui//assets",
      "/%2e%2e/admin",
      "/%2E/admin",
      "/ingest%2F..%2Fadmin",
      "/ingest%2fadmin",
      "/ingest%5Cadmin",
      "/ingest\\admin",
      "/\\admin",
      "/admin%00",
      "/admin\u0000",
      "/admin%0a",
      "/admin%7f",
      "/ready#/../admin",
      "/admin%zz",
      "/admin%",
      "/admin%c3",
      "/ad min",
      "admin",
      "*",
      "http://elsewhere/admin",
      "",
    ])
      expect(canonicalTarget(target).ok, JSON.stringify(target)).toBe(false);
  });
});
