import { afterEach, describe, expect, it } from "vitest";
import { createServiceDeps } from "../service-deps.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { loadJwtSecret } from "./jwt-secret.js";

let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

describe("loadJwtSecret", () => {
  it("uses auth.jwt-secret's bytes when set", async () => {
    db = await openTestDatabase({ flags: [`--auth.jwt-secret=${"s".repeat(40)}`] });
    expect(Buffer.from(await loadJwtSecret(db.orm.em.fork(), db.deps)).toString()).toBe(
      "s".repeat(40),
    );
  });

  it("otherwise generates 32 random bytes once and keeps them", async () => {
    db = await openTestDatabase();
    const first = await loadJwtSecret(db.orm.em.fork(), db.deps);
    expect(first).toHaveLength(32);
    const otherProcess = createServiceDeps(db.deps.config, db.database);
    expect(await loadJwtSecret(db.orm.em.fork(), otherProcess)).toEqual(first);
    const both = await Promise.all([
      loadJwtSecret(db.orm.em.fork(), db.deps),
      loadJwtSecret(db.orm.em.fork(), db.deps),
    ]);
    expect(both).toEqual([first, first]);
  });
});
