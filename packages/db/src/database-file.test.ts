import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { databaseExposure } from "./database-file.js";

describe("databaseExposure", () => {
  it("warns only when another user can both reach and read the file", () => {
    const folder = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    const file = join(folder, "pyroscope.sqlite3");
    writeFileSync(file, "");
    const exposure = (folderMode: number, fileMode: number) => {
      chmodSync(folder, folderMode);
      chmodSync(file, fileMode);
      return databaseExposure(file);
    };
    expect(exposure(0o755, 0o644)).toBe(
      `the database ${file} can be read by other users of this machine (it holds password hashes and the JWT secret): chmod 600 it, or 700 its folder`,
    );
    expect(exposure(0o750, 0o640)).toContain("can be read by other users");
    expect(exposure(0o755, 0o600)).toBeUndefined();
    expect(exposure(0o700, 0o644)).toBeUndefined();
    expect(exposure(0o710, 0o604)).toBeUndefined();
    expect(databaseExposure(":memory:")).toBeUndefined();
  });
});
