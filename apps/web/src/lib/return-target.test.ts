import { describe, expect, it } from "vitest";
import {
  appPathOf,
  isPublicPath,
  landingTarget,
  safeReturnTarget,
  withReturn,
} from "./return-target";

const origin = "http://pyroscope.example:4040";

describe("safeReturnTarget", () => {
  it("keeps a path on this origin, the upstream's or this app's, with its query", () => {
    expect(safeReturnTarget("/explore?from=now-1h", origin)).toBe("/explore?from=now-1h");
    expect(safeReturnTarget("/auth/settings", origin)).toBe("/auth/settings");
    expect(safeReturnTarget("/auth/admin/users?q=bob", origin)).toBe("/auth/admin/users?q=bob");
  });

  it("refuses anything that would leave the origin, however it is spelt", () => {
    for (const raw of [
      "https://elsewhere.example",
      "//elsewhere.example",
      "/\\elsewhere.example",
      "/\t/elsewhere.example",
      "/\n/elsewhere.example",
      "/.//elsewhere.example/x",
      "/..//elsewhere.example/x",
      "/%2e//elsewhere.example/x",
      "/auth/..//elsewhere.example",
      "\\\\elsewhere.example",
      "javascript:alert(1)",
      "elsewhere",
    ]) {
      expect(safeReturnTarget(raw, origin), JSON.stringify(raw)).toBeUndefined();
    }
  });

  it("refuses nothing and our public pages, which would loop back to the form", () => {
    expect(safeReturnTarget(null, origin)).toBeUndefined();
    expect(safeReturnTarget("", origin)).toBeUndefined();
    expect(safeReturnTarget("/auth/login?rd=/x", origin)).toBeUndefined();
    expect(safeReturnTarget("/auth/signup", origin)).toBeUndefined();
  });
});

describe("withReturn", () => {
  it("remembers the page first asked for", () => {
    expect(withReturn("/login", "/auth/admin/api-keys", origin)).toBe(
      "/login?rd=%2Fauth%2Fadmin%2Fapi-keys",
    );
    expect(withReturn("/login", "/explore?x=1", origin)).toBe("/login?rd=%2Fexplore%3Fx%3D1");
    expect(withReturn("/login", "/auth/", origin)).toBe("/login");
    expect(withReturn("/change-password", "/auth/login", origin)).toBe("/change-password");
  });
});

describe("app paths", () => {
  it("are the paths under /auth/", () => {
    expect(appPathOf("/auth/settings")).toBe("/settings");
    expect(appPathOf("/auth")).toBe("/");
    expect(appPathOf("/auth/")).toBe("/");
    expect(appPathOf("/authx")).toBeUndefined();
    expect(appPathOf("/explore")).toBeUndefined();
    expect(isPublicPath("/login")).toBe(true);
    expect(isPublicPath("/settings")).toBe(false);
  });

  it("land on the Pyroscope UI behind a gateway, else on our home", () => {
    expect(landingTarget(true)).toBe("/");
    expect(landingTarget(false)).toBe("/auth/");
  });
});
