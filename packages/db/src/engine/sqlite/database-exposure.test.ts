import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { databaseExposure } from "./database-exposure.js";

describe("databaseExposure", () => {
  it("warns only when another user can reach and read the file or its -wal", () => {
    // The temporary folder's parents (/tmp, /) let everybody pass.
    const folder = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    const file = join(folder, "pyroscope.sqlite3");
    writeFileSync(file, "");
    const exposure = (folderMode: number, fileMode: number) => {
      chmodSync(folder, folderMode);
      chmodSync(file, fileMode);
      return databaseExposure(file);
    };
    expect(exposure(0o755, 0o644)).toBe(
      `the database ${file} can be read by other users of this machine (it holds password hashes and the JWT secret): chmod 600 ${file}`,
    );
    expect(exposure(0o750, 0o640)).toContain("can be read by other users");
    expect(exposure(0o755, 0o600)).toBeUndefined();
    expect(exposure(0o700, 0o644)).toBeUndefined();
    expect(exposure(0o710, 0o604)).toBeUndefined();
    // chmod 600 on the database leaves a -wal written before it as it was.
    writeFileSync(`${file}-wal`, "");
    chmodSync(`${file}-wal`, 0o644);
    expect(exposure(0o755, 0o600)).toContain(`chmod 600 ${file}-wal`);
    expect(databaseExposure(":memory:")).toBeUndefined();
  });

  it("does not warn when a folder further up keeps others out", () => {
    const home = mkdtempSync(join(tmpdir(), "pyroscope-home-"));
    chmodSync(home, 0o700);
    const folder = join(home, "storage");
    const file = join(folder, "pyroscope.sqlite3");
    mkdirSync(folder, { mode: 0o755 });
    writeFileSync(file, "", { mode: 0o644 });
    chmodSync(folder, 0o755);
    chmodSync(file, 0o644);
    expect(databaseExposure(file)).toBeUndefined();
  });
});
