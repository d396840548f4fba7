import { afterEach, describe, expect, it } from "vitest";
import { ormRunner } from "../../sql.js";
import { openTestDatabase, type TestDatabase } from "../../testing/test-database.js";
import { classifyDbFailure } from "./sqlite-failure.js";

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

/** The error a statement fails with. */
async function failureOf(sql: string, params: unknown[] = []): Promise<unknown> {
  if (!db) throw new Error("no database");
  return ormRunner(db.orm.em.fork())
    .run(sql, params)
    .then(
      () => undefined,
      (error: unknown) => error,
    );
}

describe("classifyDbFailure", () => {
  it("names the unique index that refused a duplicate", async () => {
    db = await openTestDatabase();
    const error = await failureOf(
      "insert into `users` (`name`, `password_hash`, `role`, `password_changed_at`, `created_at`, `updated_at`) values ('admin', '', 'ReadOnly', 0, 0, 0)",
    );
    expect(classifyDbFailure(error)).toEqual({ kind: "unique", constraint: "users.name" });
  });

  it("recognises the last-enabled-admin guard", async () => {
    db = await openTestDatabase();
    const error = await failureOf("update `users` set `is_disabled` = 1 where `id` = 1");
    expect(classifyDbFailure(error)).toEqual({ kind: "guard", rule: "last-enabled-admin" });
  });

  it("leaves anything else alone", async () => {
    db = await openTestDatabase();
    expect(classifyDbFailure(await failureOf("select * from `nowhere`"))).toBeUndefined();
    expect(classifyDbFailure(new Error("boom"))).toBeUndefined();
  });
});
