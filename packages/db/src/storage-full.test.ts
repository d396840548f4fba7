import { afterEach, describe, expect, it } from "vitest";
import { listAuditEvents } from "./services/audit.js";
import { createUser, listUsers } from "./services/users.js";
import { isStorageFull } from "./storage-full.js";
import { capDatabaseSize, openTestDatabase, type TestDatabase } from "./testing/test-database.js";

let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

const newUser = (name: string) => ({ name, password: "correct horse battery", role: "ReadOnly" });

/** Creates users until the database refuses one; returns the refused name and its error. */
async function createUntilRefused(): Promise<{ name: string; error: unknown }> {
  for (let index = 0; index < 500; index += 1) {
    const name = `user-${index}`;
    try {
      await createUser(db.ctx(), newUser(name));
    } catch (error) {
      return { name, error };
    }
  }
  throw new Error("the capped database never refused a write");
}

describe("isStorageFull", () => {
  it("recognises SQLite's refusal for lack of space, as thrown and as a cause, and not other failures", async () => {
    db = await openTestDatabase({ file: true });
    await createUser(db.ctx(), newUser("alice"));
    const taken = await createUser(db.ctx(), newUser("alice")).catch((error: unknown) => error);
    expect(isStorageFull(taken)).toBe(false);
    expect(isStorageFull(new Error("SQLITE_FULL: database or disk is full"))).toBe(false);
    expect(isStorageFull(undefined)).toBe(false);

    await capDatabaseSize(db.orm.em);
    const { error } = await createUntilRefused();
    expect(isStorageFull(error)).toBe(true);
    expect(isStorageFull(new Error("procedure failed", { cause: error }))).toBe(true);
  });

  it("a write refused for lack of space leaves nothing behind, and goes through once there is room", async () => {
    db = await openTestDatabase({ file: true });
    const lift = await capDatabaseSize(db.orm.em);
    const { name, error } = await createUntilRefused();
    expect(isStorageFull(error)).toBe(true);
    const names = async () => (await listUsers(db.ctx())).map((user) => user.name);
    expect(await names()).not.toContain(name);
    const events = await listAuditEvents(db.ctx(), { user: name });
    expect(events).toEqual([]);

    await lift();
    await createUser(db.ctx(), newUser(name));
    expect(await names()).toContain(name);
  });
});
