import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../service-deps.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { listAuditEvents } from "./audit.js";
import { createUser, setUserRole } from "./users.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(async () => {
  await db.close();
});

const admin: Actor = { kind: "user", id: 1, name: "admin", role: "Admin" };
const key: Actor = { kind: "api-key", id: 1, name: "provisioning", role: "Admin" };
const newUser = (name: string) => ({
  name,
  password: `${name}-has-a-long-secret`,
  role: "ReadOnly",
});

describe("listAuditEvents", () => {
  it("finds what a user or key did as well as what was done to them, newest first", async () => {
    const bob = await createUser(db.ctx(admin), newUser("bob"));
    await createUser(db.ctx(key), newUser("carol"));
    await setUserRole(db.ctx(key), bob.id, "Agent");
    const events = async (user: string) =>
      (await listAuditEvents(db.ctx(), { user })).map(
        (event) => `${event.actor} ${event.action} ${event.target}`,
      );
    expect(await events("admin")).toEqual([
      "admin user.create bob",
      "system user.create.built-in-admin admin",
    ]);
    expect(await events("bob")).toEqual([
      "api-key:provisioning user.role.set bob",
      "admin user.create bob",
    ]);
    expect(await events("api-key:provisioning")).toEqual([
      "api-key:provisioning user.role.set bob",
      "api-key:provisioning user.create carol",
    ]);
  });
});
