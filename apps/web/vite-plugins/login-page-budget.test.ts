import { describe, expect, it } from "vitest";
import { type BudgetChunk, gzipKb, loginPageChunks } from "./login-page-budget.ts";

function chunk(fileName: string, options: Partial<BudgetChunk> = {}): BudgetChunk {
  return { fileName, code: "", isEntry: false, imports: [], moduleIds: [], ...options };
}

describe("loginPageChunks", () => {
  const pageDir = "/src/routes/login/";

  it("counts the entry and what it imports statically, not the lazy pages", () => {
    const chunks = [
      chunk("index.js", { isEntry: true, imports: ["react.js"], moduleIds: ["/app/src/main.tsx"] }),
      chunk("react.js", { imports: ["shared.js"] }),
      chunk("shared.js"),
      chunk("settings.js", {
        imports: ["shared.js"],
        moduleIds: ["/app/src/routes/settings/x.tsx"],
      }),
    ];
    expect(loginPageChunks(chunks, pageDir).map((found) => found.fileName)).toEqual([
      "index.js",
      "react.js",
      "shared.js",
    ]);
  });

  it("counts the login page's own chunk when it is split off", () => {
    const chunks = [
      chunk("index.js", { isEntry: true }),
      chunk("login.js", {
        imports: ["zod.js"],
        moduleIds: ["/app/src/routes/login/login-page.tsx"],
      }),
      chunk("zod.js"),
      chunk("admin.js"),
    ];
    expect(loginPageChunks(chunks, pageDir).map((found) => found.fileName)).toEqual([
      "index.js",
      "login.js",
      "zod.js",
    ]);
  });
});

describe("gzipKb", () => {
  it("measures compressed kilobytes", () => {
    expect(gzipKb("a".repeat(10_000))).toBeLessThan(0.1);
    expect(gzipKb("")).toBeGreaterThan(0);
  });
});
