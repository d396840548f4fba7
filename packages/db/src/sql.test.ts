import { afterEach, describe, expect, it } from "vitest";
import { loggableError, ormRunner } from "./sql.js";
import { openTestDatabase, type TestDatabase, testEngine } from "./testing/test-database.js";

let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

describe("ormRunner", () => {
  it("binds values rather than splicing them into the SQL, so NUL and quotes are just data", async () => {
    db = await openTestDatabase();
    const sql = ormRunner(db.orm.em.fork());
    // PostgreSQL's text holds no NUL at all (see storableText).
    const odd = testEngine() === "sqlite" ? "nul\u0000inside" : "new\nline";
    expect(await sql.get("select ? as a, ? as b", [odd, "it's"])).toEqual({ a: odd, b: "it's" });
    expect(
      await sql.run('update "users" set "full_name" = ? where "name" = ?', [
        "Bobby'); drop table users;--",
        "admin",
      ]),
    ).toBe(1);
    expect(await sql.all('select "full_name" from "users"', [])).toEqual([
      { full_name: "Bobby'); drop table users;--" },
    ]);
  });
});

describe("loggableError", () => {
  it("keeps the database's reason and drops the SQL with its values", async () => {
    db = await openTestDatabase();
    const sql = ormRunner(db.orm.em.fork());
    const error = await sql
      .run('insert into "settings" ("key", "value", "created_at") values (?, ?, ?), (?, ?, ?)', [
        "k",
        "secret-1",
        new Date(1),
        "k",
        "secret-2",
        new Date(1),
      ])
      .catch((caught: unknown) => caught);
    const logged = loggableError(error);
    expect(logged).toMatchObject({
      type: "UniqueConstraintViolationException",
      message:
        testEngine() === "sqlite"
          ? "SQLITE_CONSTRAINT: UNIQUE constraint failed: settings.key"
          : 'duplicate key value violates unique constraint "settings_pkey"',
    });
    expect(JSON.stringify(logged)).not.toContain("secret");
  });
});
