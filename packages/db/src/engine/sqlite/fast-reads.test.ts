import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../testing/test-database.js";

let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

/** The admin's full name, as a sign-in reads it. */
const fullName = async () => (await db.database.reads.userForSignIn("admin"))?.user.fullName;

describe("the fast reads", () => {
  it("reads what the ORM's connection has committed", async () => {
    db = await openTestDatabase({ file: true });
    expect(await fullName()).toBeNull();
    await db.orm.em.fork().getConnection().execute("update `users` set `full_name` = 'Ada'");
    expect(await fullName()).toBe("Ada");
  });

  it("answers, without waiting in the event loop, while another process keeps the database locked", async () => {
    db = await openTestDatabase({ file: true });
    const holder = new Database(join(db.storagePath, "pyroscope.sqlite3"));
    try {
      holder.pragma("locking_mode = EXCLUSIVE");
      holder.exec("begin exclusive");
      holder.exec("update `users` set `full_name` = 'held'");
      // This connection cannot read now; the read goes through the ORM's, which sees the last commit.
      const started = performance.now();
      expect(await fullName()).toBeNull();
      expect(performance.now() - started).toBeLessThan(1000);
      holder.exec("commit");
    } finally {
      holder.close();
    }
    expect(await fullName()).toBe("held");
  });
});
