import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createThreadWriter } from "./log-writer-thread.js";

describe("createThreadWriter", () => {
  it("writes text whole, in order, and says why it could not", async () => {
    const folder = mkdtempSync(join(tmpdir(), "pyroscope-log-writer-"));
    const file = openSync(join(folder, "log"), "w");
    const full = openSync("/dev/full", "w");
    try {
      const write = createThreadWriter();
      const long = `${"x".repeat(200_000)}\n`;
      expect(await Promise.all([write(file, "one\n"), write(file, long)])).toEqual([
        { ok: true },
        { ok: true },
      ]);
      expect(readFileSync(join(folder, "log"), "utf8")).toBe(`one\n${long}`);
      expect(await write(full, "lost\n")).toEqual({ ok: false, reason: "ENOSPC", partial: false });
    } finally {
      closeSync(file);
      closeSync(full);
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
