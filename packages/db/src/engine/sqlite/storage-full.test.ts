import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listAuditEvents } from "../../services/audit.js";
import { createUser, listUsers } from "../../services/users.js";
import {
  capDatabaseSize,
  mountSmallDisk,
  openTestDatabase,
  type SmallDisk,
  type TestDatabase,
} from "../../testing/test-database.js";
import { databaseLocation } from "./database-location.js";
import { isStorageFull } from "./storage-full.js";

let db: TestDatabase;
let disk: SmallDisk | undefined;
afterEach(async () => {
  const mounted = disk;
  disk = undefined;
  try {
    await db.close();
  } finally {
    mounted?.unmount();
  }
});

const failure = (code: string, cause?: unknown) =>
  Object.assign(new Error(`failed with ${code}`, { cause }), { code });

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

  it("takes ENOSPC for a full disk, wherever it sits in the cause chain, and a bare I/O error only on a nearly full disk", async () => {
    db = await openTestDatabase({ file: true });
    const location = databaseLocation(db.deps.config);
    expect(isStorageFull(failure("ENOSPC"))).toBe(true);
    expect(isStorageFull(failure("INTERNAL_SERVER_ERROR", failure("SQLITE_FULL")))).toBe(true);
    expect(isStorageFull(failure("SQLITE_IOERR"))).toBe(false);
    expect(isStorageFull(failure("SQLITE_IOERR"), ":memory:")).toBe(false);
    // The temp folder has room: an I/O error there is something else.
    expect(isStorageFull(failure("SQLITE_IOERR"), location)).toBe(false);
  });

  it("takes a bare I/O error on a nearly full disk for a full one, also through a symlink to it", async (context) => {
    db = await openTestDatabase({ file: true });
    disk = mountSmallDisk();
    if (!disk) return context.skip("mounting a small file system needs root");
    const onDisk = join(disk.path, "pyroscope.sqlite3");
    writeFileSync(onDisk, "");
    disk.fill();
    expect(isStorageFull(failure("SQLITE_IOERR"), onDisk)).toBe(true);
    // SQLite writes beside the file a symlink names: that disk's room counts.
    const link = join(db.storagePath, "linked.sqlite3");
    symlinkSync(onDisk, link);
    expect(isStorageFull(failure("SQLITE_IOERR"), link)).toBe(true);
  });
});
