import { describe, expect, it } from "vitest";
import { isPublicPath, safeNextPath, withNext } from "./next-path";

describe("safeNextPath", () => {
  it("keeps a path of this app, with its query", () => {
    expect(safeNextPath("/settings")).toBe("/settings");
    expect(safeNextPath("/admin/users?q=bob")).toBe("/admin/users?q=bob");
  });

  it("refuses anything that would leave the origin", () => {
    for (const raw of ["https://evil.example", "//evil.example", "/\\evil.example", "evil"]) {
      expect(safeNextPath(raw)).toBe("/");
    }
  });

  it("goes home when there is nothing to return to, or only a public page", () => {
    expect(safeNextPath(null)).toBe("/");
    expect(safeNextPath("")).toBe("/");
    expect(safeNextPath("/login?next=/x")).toBe("/");
    expect(safeNextPath("/signup")).toBe("/");
  });
});

describe("withNext", () => {
  it("remembers the page first asked for", () => {
    expect(withNext("/login", "/admin/api-keys")).toBe("/login?next=%2Fadmin%2Fapi-keys");
    expect(withNext("/login", "/")).toBe("/login");
    expect(withNext("/change-password", "/login")).toBe("/change-password");
  });

  it("knows the public pages", () => {
    expect(isPublicPath("/login")).toBe(true);
    expect(isPublicPath("/signup")).toBe(true);
    expect(isPublicPath("/settings")).toBe(false);
  });
});
