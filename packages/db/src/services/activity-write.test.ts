import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase, testEngine } from "../testing/test-database.js";
import { unlessStorageFull } from "./activity-write.js";

let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

const failure = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

describe("unlessStorageFull", () => {
  it("skips a write the database has no room for and says so; other failures still throw", async () => {
    db = await openTestDatabase();
    expect(await unlessStorageFull(db.deps, async () => undefined)).toBe(true);
    expect(
      await unlessStorageFull(db.deps, async () => {
        // The engine's code for a full disk.
        throw failure(testEngine() === "sqlite" ? "SQLITE_FULL" : "53100");
      }),
    ).toBe(false);
    await expect(
      unlessStorageFull(db.deps, async () => {
        throw failure("SOMETHING_ELSE");
      }),
    ).rejects.toThrow("failed with SOMETHING_ELSE");
  });
});
