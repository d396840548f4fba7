import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "@pyroscope-auth/auth-core";
import { describe, expect, it } from "vitest";
import { createOrm } from "./create-orm.js";

const configFor = (storagePath: string) =>
  loadConfig({ argv: [`--storage-path=${storagePath}`], env: {} }).config;

describe("createOrm", () => {
  it("refuses a file that is not an SQLite database by path, and leaves it alone", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    const file = join(storage, "pyroscope.sqlite3");
    writeFileSync(file, "these are somebody's notes, not a database\n".repeat(200));
    const opening = createOrm(configFor(storage));
    await expect(opening).rejects.toThrow(ConfigError);
    await expect(opening).rejects.toThrow(
      `cannot use the database at ${file}: the file is not an SQLite database (check storage-path and database.url)`,
    );
    expect(readFileSync(file, "utf8")).toMatch(/^these are somebody's notes/);
  });

  it("says so when storage-path names a file rather than a folder", async () => {
    const notAFolder = join(mkdtempSync(join(tmpdir(), "pyroscope-db-")), "a-file");
    writeFileSync(notAFolder, "");
    await expect(createOrm(configFor(notAFolder))).rejects.toThrow(
      `cannot use the database at ${join(notAFolder, "pyroscope.sqlite3")}: a file stands where its folder should be (check storage-path)`,
    );
  });
});
