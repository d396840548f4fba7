import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { Session } from "../entities/session.entity.js";
import { User } from "../entities/user.entity.js";
import type { Actor } from "../service-deps.js";
import { ormRunner } from "../sql.js";
import { latch } from "../testing/latch.js";
import {
  expectSignedIn,
  openTestDatabase,
  type TestDatabase,
  testEngine,
} from "../testing/test-database.js";
import { logIn } from "./login.js";
import {
  changeOwnPassword,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  setUserDisabled,
  setUserPassword,
  setUserRole,
  updateUser,
} from "./users.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(async () => {
  await db.close();
});

const adminActor = (id = 1, name = "admin"): Actor => ({ kind: "user", id, name, role: "Admin" });
const newUser = (name: string, role = "ReadOnly") => ({
  name,
  email: `${name}@example.com`,
  password: `${name}-has-a-long-secret`,
  role,
});

async function sessionsOf(userId: number) {
  return db.orm.em.fork().find(Session, { user: userId, revokedAt: null });
}

async function signIn(name: string, password: string) {
  return expectSignedIn(await logIn(db.ctx({ kind: "anonymous" }), { username: name, password }));
}

async function auditActions(target: string) {
  const events = await db.orm.em.fork().find(AuditEvent, { target }, { orderBy: { id: "asc" } });
  return events.map((event) => `${event.actor} ${event.action} ${event.outcome}`);
}

describe("createUser", () => {
  it("stores a user with an argon2id hash and returns it without the hash", async () => {
    const user = await createUser(db.ctx(adminActor()), {
      ...newUser("alice", "admin"),
      fullName: "Alice",
    });
    expect(user).toMatchObject({
      name: "alice",
      email: "alice@example.com",
      fullName: "Alice",
      role: "Admin",
      isDisabled: false,
    });
    expect(JSON.stringify(user)).not.toMatch(/argon2|passwordHash|alice-has/);
    const stored = await db.orm.em.fork().findOneOrFail(User, { name: "alice" });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await auditActions("alice")).toEqual(["admin user.create success"]);
  });

  it("refuses bad input with every message and writes nothing", async () => {
    await expect(
      createUser(db.ctx(), { name: "", email: "x", password: "", role: "boss" }),
    ).rejects.toMatchObject({
      name: "ValidationError",
      messages: [
        "user name can't be empty",
        "user email is invalid",
        "user password can't be empty",
        "unknown role",
      ],
    });
    expect(await db.orm.em.fork().count(User, {})).toBe(1);
  });

  it("refuses a taken name or email with the original's messages", async () => {
    await createUser(db.ctx(), newUser("alice"));
    await expect(
      createUser(db.ctx(), { ...newUser("alice"), email: "other@example.com" }),
    ).rejects.toMatchObject({
      code: "USER_NAME_EXISTS",
      message: "user with this name already exists",
    });
    await expect(
      createUser(db.ctx(), { ...newUser("bob"), email: "alice@example.com" }),
    ).rejects.toMatchObject({
      code: "USER_EMAIL_EXISTS",
      message: "user with this email already exists",
    });
  });

  it("ends 50 concurrent creates of one name with exactly one user", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => createUser(db.ctx(), newUser("racer"))),
    );
    const fulfilled = results.filter((result) => result.status === "fulfilled");
    const rejected = results.filter(
      (result): result is PromiseRejectedResult => result.status === "rejected",
    );
    expect(fulfilled).toHaveLength(1);
    expect(new Set(rejected.map((result) => (result.reason as Error).message))).toEqual(
      new Set(["user with this name already exists"]),
    );
    expect(await db.orm.em.fork().count(User, { name: "racer" })).toBe(1);
    expect(await auditActions("racer")).toEqual(["cli user.create success"]);
  });
});

describe("updateUser", () => {
  it("changes name, email and full name, and can clear the email", async () => {
    const alice = await createUser(db.ctx(), newUser("alice"));
    const updated = await updateUser(db.ctx(), alice.id, {
      name: "alice2",
      fullName: "Alice Two",
      email: "",
    });
    expect(updated).toMatchObject({ name: "alice2", fullName: "Alice Two", email: null });
    expect(await auditActions("alice2")).toEqual(["cli user.update success"]);
    const [renamed] = await db.orm.em.fork().find(AuditEvent, { action: "user.update" });
    expect(renamed?.detail).toBe("name alice -> alice2, email, fullName");
  });

  it("refuses a rename to an audit actor label, and lets an account that had one keep it", async () => {
    const alice = await createUser(db.ctx(), newUser("alice"));
    for (const name of ["cli", "System", "api-key:ingest"])
      await expect(updateUser(db.ctx(), alice.id, { name })).rejects.toMatchObject({
        code: "USER_NAME_RESERVED",
      });
    // Named so before names were reserved: the profile form sends the name along unchanged.
    await db.orm.em.fork().nativeUpdate(User, { id: alice.id }, { name: "system" });
    expect(
      await updateUser(db.ctx(), alice.id, { name: "system", fullName: "Old Account" }),
    ).toMatchObject({ name: "system", fullName: "Old Account" });
  });

  it("refuses a name or email of another user", async () => {
    const alice = await createUser(db.ctx(), newUser("alice"));
    await createUser(db.ctx(), newUser("bob"));
    await expect(updateUser(db.ctx(), alice.id, { name: "bob" })).rejects.toThrow(
      "user with this name already exists",
    );
    await expect(updateUser(db.ctx(), alice.id, { email: "bob@example.com" })).rejects.toThrow(
      "user with this email already exists",
    );
    // A profile form sends the unchanged name along: it is the email that is taken.
    await expect(
      updateUser(db.ctx(), alice.id, { name: "alice", email: "bob@example.com" }),
    ).rejects.toThrow("user with this email already exists");
    expect(await getUser(db.ctx(), alice.id)).toMatchObject({
      name: "alice",
      email: "alice@example.com",
    });
  });

  it("answers user not found for an unknown id", async () => {
    await expect(updateUser(db.ctx(), 999, { fullName: "x" })).rejects.toThrow("user not found");
  });
});

describe("setUserRole", () => {
  it("changes the role and ends the user's sessions", async () => {
    const bob = await createUser(db.ctx(adminActor()), newUser("bob"));
    await signIn("bob", "bob-has-a-long-secret");
    expect(await sessionsOf(bob.id)).toHaveLength(1);
    expect(await setUserRole(db.ctx(adminActor()), bob.id, "admin")).toMatchObject({
      role: "Admin",
    });
    expect(await sessionsOf(bob.id)).toHaveLength(0);
  });

  it("refuses an admin changing its own role", async () => {
    await expect(setUserRole(db.ctx(adminActor()), 1, "ReadOnly")).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
    });
  });

  it("never demotes the last enabled admin, and keeps its sessions", async () => {
    await signIn("admin", "admin");
    await expect(setUserRole(db.ctx(), 1, "ReadOnly")).rejects.toMatchObject({
      code: "LAST_ADMIN",
      message: "the last enabled admin can't be removed, disabled or demoted",
    });
    expect((await getUser(db.ctx(), 1)).role).toBe("Admin");
    expect(await sessionsOf(1)).toHaveLength(1);
  });

  it("keeps one admin when two admins demote each other at the same time", async () => {
    const other = await createUser(db.ctx(), newUser("second", "Admin"));
    const results = await Promise.allSettled([
      setUserRole(db.ctx(adminActor()), other.id, "ReadOnly"),
      setUserRole(db.ctx(adminActor(other.id, "second")), 1, "ReadOnly"),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const admins = (await listUsers(db.ctx())).filter(
      (user) => user.role === "Admin" && !user.isDisabled,
    );
    expect(admins).toHaveLength(1);
  });

  it("refuses an unknown role", async () => {
    const bob = await createUser(db.ctx(), newUser("bob"));
    await expect(setUserRole(db.ctx(), bob.id, "Owner")).rejects.toThrow("unknown role");
  });
});

describe("the last enabled Admin, with the database's guard gone", () => {
  // The rule is the services' (enabled-admin.ts); the SQLite triggers only back it up, and
  // PostgreSQL has none.
  beforeEach(async () => {
    if (testEngine() !== "sqlite") return;
    const connection = db.orm.em.getConnection();
    await connection.execute('drop trigger "users_keep_an_enabled_admin_on_update"');
    await connection.execute('drop trigger "users_keep_an_enabled_admin_on_delete"');
  });

  it("is never demoted, disabled or deleted", async () => {
    const bob = await createUser(db.ctx(), newUser("bob", "Admin"));
    await deleteUser(db.ctx(), bob.id);
    const cli = db.ctx({ kind: "cli" });
    await expect(setUserRole(cli, 1, "ReadOnly")).rejects.toMatchObject({ code: "LAST_ADMIN" });
    await expect(setUserDisabled(cli, 1, true)).rejects.toMatchObject({ code: "LAST_ADMIN" });
    await expect(deleteUser(cli, 1)).rejects.toMatchObject({ code: "LAST_ADMIN" });
    expect(await getUser(db.ctx(), 1)).toMatchObject({ role: "Admin", isDisabled: false });
  });

  it("stays when two admins demote each other at the same time", async () => {
    const other = await createUser(db.ctx(), newUser("second", "Admin"));
    const results = await Promise.allSettled([
      setUserRole(db.ctx(adminActor()), other.id, "ReadOnly"),
      setUserDisabled(db.ctx(adminActor(other.id, "second")), 1, true),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const admins = (await listUsers(db.ctx())).filter(
      (user) => user.role === "Admin" && !user.isDisabled,
    );
    expect(admins).toHaveLength(1);
  });
});

describe("the last enabled Admin on PostgreSQL", () => {
  // Two demotions started together rarely overlap in a test: here another transaction holds
  // the second Admin's row, as a demotion of it would, until the test lets it commit.
  it.runIf(testEngine() === "postgresql")(
    "makes a demotion wait for a transaction holding an enabled Admin's row, then read again",
    async () => {
      const other = await createUser(db.ctx(), newUser("second", "Admin"));
      const released = latch();
      const holding = latch();
      const holder = db.orm.em.fork().transactional(async (em) => {
        const sql = ormRunner(em);
        await sql.get('select "id" from "users" where "id" = ? for update', [other.id]);
        holding.open();
        await released.promise;
        await sql.run('update "users" set "role" = ? where "id" = ?', ["ReadOnly", other.id]);
      });
      await holding.promise;
      const demotion = setUserRole(db.ctx(adminActor(other.id, "second")), 1, "ReadOnly");
      const outcome = demotion.then(
        () => "demoted",
        () => "refused",
      );
      const waited = await Promise.race([outcome, sleep(300).then(() => "waiting")]);
      released.open();
      await holder;
      expect(waited).toBe("waiting");
      await expect(demotion).rejects.toMatchObject({ code: "LAST_ADMIN" });
      expect(await getUser(db.ctx(), 1)).toMatchObject({ role: "Admin", isDisabled: false });
    },
  );
});

describe("listUsers", () => {
  it("lists every user oldest first, each exactly as getUser describes it", async () => {
    const alice = await createUser(db.ctx(adminActor()), {
      ...newUser("alice"),
      fullName: "Alice",
    });
    const bob = await createUser(db.ctx(adminActor()), newUser("bob", "Agent"));
    await setUserDisabled(db.ctx(adminActor()), bob.id, true);
    db.clock.advance(60_000);
    await signIn("alice", "alice-has-a-long-secret");
    const listed = await listUsers(db.ctx());
    expect(listed.map((user) => user.name)).toEqual(["admin", "alice", "bob"]);
    for (const user of listed) expect(user).toEqual(await getUser(db.ctx(), user.id));
    expect(listed[1]).toMatchObject({
      id: alice.id,
      fullName: "Alice",
      lastSeenAt: expect.any(String),
    });
    expect(listed[2]).toMatchObject({ role: "Agent", isDisabled: true, lastSeenAt: null });
  });
});

describe("setUserDisabled", () => {
  it("disables (ending sessions) and re-enables", async () => {
    const bob = await createUser(db.ctx(), newUser("bob"));
    await signIn("bob", "bob-has-a-long-secret");
    expect(await setUserDisabled(db.ctx(adminActor()), bob.id, true)).toMatchObject({
      isDisabled: true,
    });
    expect(await sessionsOf(bob.id)).toHaveLength(0);
    expect(await setUserDisabled(db.ctx(adminActor()), bob.id, false)).toMatchObject({
      isDisabled: false,
    });
    expect(await auditActions("bob")).toEqual([
      "cli user.create success",
      "bob login.success success",
      "admin user.disable success",
      "admin user.enable success",
    ]);
  });

  it("refuses to disable oneself or the last enabled admin", async () => {
    await expect(setUserDisabled(db.ctx(adminActor()), 1, true)).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
    });
    await expect(setUserDisabled(db.ctx(), 1, true)).rejects.toMatchObject({ code: "LAST_ADMIN" });
  });
});

describe("setUserPassword", () => {
  it("sets a new password, clears must-change, ends every session", async () => {
    await signIn("admin", "admin");
    const updated = await setUserPassword(db.ctx(), 1, "a-brand-new-passphrase");
    expect(updated.mustChangePassword).toBe(false);
    expect(await sessionsOf(1)).toHaveLength(0);
    await expect(signIn("admin", "admin")).rejects.toThrow("invalid credentials");
    await expect(signIn("admin", "a-brand-new-passphrase")).resolves.toBeTruthy();
  });

  it("applies the password policy, including the account's own name", async () => {
    await expect(setUserPassword(db.ctx(), 1, "short")).rejects.toThrow(
      "user password must be at least 8 characters",
    );
    await expect(setUserPassword(db.ctx(), 1, "password1")).rejects.toThrow(
      "user password is too common",
    );
    await expect(setUserPassword(db.ctx(), 1, "admin@localhost.localdomain")).rejects.toThrow(
      "user password must not be the user name or email",
    );
    await expect(signIn("admin", "admin")).resolves.toBeTruthy();
  });

  it("re-enables a disabled user only when asked", async () => {
    const bob = await createUser(db.ctx(), newUser("bob"));
    await setUserDisabled(db.ctx(), bob.id, true);
    expect((await setUserPassword(db.ctx(), bob.id, "another-long-secret")).isDisabled).toBe(true);
    expect(
      (await setUserPassword(db.ctx(), bob.id, "yet-another-long-secret", { enable: true }))
        .isDisabled,
    ).toBe(false);
  });

  it("refuses an admin resetting itself (it changes its own password instead)", async () => {
    await expect(
      setUserPassword(db.ctx(adminActor()), 1, "a-brand-new-passphrase"),
    ).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
    });
  });
});

describe("changeOwnPassword", () => {
  it("needs the old password, then keeps the current session and ends the others", async () => {
    const first = await signIn("admin", "admin");
    await signIn("admin", "admin");
    await changeOwnPassword(
      db.ctx(adminActor()),
      1,
      { oldPassword: "admin", newPassword: "my-own-new-passphrase" },
      first.session.id,
    );
    const left = await sessionsOf(1);
    expect(left.map((session) => session.id)).toEqual([first.session.id]);
    expect((await getUser(db.ctx(), 1)).mustChangePassword).toBe(false);
  });

  it("answers invalid password for a wrong old password and changes nothing", async () => {
    await expect(
      changeOwnPassword(db.ctx(adminActor()), 1, {
        oldPassword: "nope",
        newPassword: "my-own-new-passphrase",
      }),
    ).rejects.toMatchObject({ code: "INVALID_PASSWORD", message: "invalid password" });
    await expect(signIn("admin", "admin")).resolves.toBeTruthy();
    expect(await auditActions("admin")).toContain("admin user.password.change failure");
  });

  it("throttles guesses at the old password like logins", async () => {
    for (let guess = 0; guess < 5; guess++) {
      await expect(
        changeOwnPassword(db.ctx(adminActor()), 1, {
          oldPassword: `guess-${guess}`,
          newPassword: "my-own-new-passphrase",
        }),
      ).rejects.toThrow("invalid password");
    }
    await expect(
      changeOwnPassword(db.ctx(adminActor()), 1, {
        oldPassword: "admin",
        newPassword: "my-own-new-passphrase",
      }),
    ).rejects.toMatchObject({ code: "TOO_MANY_ATTEMPTS" });
  });
});

describe("deleteUser", () => {
  it("deletes the user and its sessions", async () => {
    const bob = await createUser(db.ctx(), newUser("bob"));
    await signIn("bob", "bob-has-a-long-secret");
    await deleteUser(db.ctx(adminActor()), bob.id);
    await expect(getUser(db.ctx(), bob.id)).rejects.toThrow("user not found");
    expect(await db.orm.em.fork().count(Session, {})).toBe(0);
  });

  it("refuses deleting oneself or the last enabled admin", async () => {
    await expect(deleteUser(db.ctx(adminActor()), 1)).rejects.toMatchObject({
      code: "PERMISSION_DENIED",
    });
    await expect(deleteUser(db.ctx(), 1)).rejects.toMatchObject({ code: "LAST_ADMIN" });
    expect(await getUser(db.ctx(), 1)).toMatchObject({ name: "admin" });
  });
});

describe("look-alike names and emails (DESIGN.md rule 11)", () => {
  const admin = () => db.ctx(adminActor());
  const person = (name: string) => ({ name, password: "a-long-secret-phrase", role: "ReadOnly" });

  it.each([
    ["Admin"],
    ["ADMIN"],
    ["\u0430dmin"],
    ["\uff41\uff44\uff4d\uff49\uff4e"],
    ["adm\u0131n"],
  ])("refuses %s beside admin, and adds nothing", async (name) => {
    await expect(createUser(admin(), person(name))).rejects.toMatchObject({
      code: "USER_NAME_LOOKALIKE",
      message: "user name looks like an existing user's name",
    });
    expect((await listUsers(admin())).map((user) => user.name)).toEqual(["admin"]);
  });

  it("keeps one josé however it is typed, stored in NFC", async () => {
    const nfc = await createUser(admin(), person("jos\u00e9"));
    expect(nfc.name).toBe("jos\u00e9");
    await expect(createUser(admin(), person("jose\u0301"))).rejects.toMatchObject({
      code: "USER_NAME_EXISTS",
    });
    const bob = await createUser(admin(), newUser("bob"));
    const renamed = await updateUser(admin(), bob.id, { name: "rob\u0065\u0301" });
    expect(renamed.name).toBe("rob\u00e9");
  });

  it("compares emails without case", async () => {
    await createUser(admin(), newUser("carol"));
    await expect(
      createUser(admin(), { ...newUser("dave"), email: "CAROL@example.com" }),
    ).rejects.toMatchObject({ code: "USER_EMAIL_EXISTS" });
    const erin = await createUser(admin(), newUser("erin"));
    await expect(
      updateUser(admin(), erin.id, { email: "Carol@Example.com" }),
    ).rejects.toMatchObject({ code: "USER_EMAIL_EXISTS" });
    // One's own address in another case is still one's own.
    expect((await updateUser(admin(), erin.id, { email: "ERIN@example.com" })).email).toBe(
      "ERIN@example.com",
    );
  });

  it("lets an account from before keep its look-alike name through an edit, but not take another", async () => {
    // As a database written before the rule holds it: a second, look-alike admin.
    const em = db.orm.em.fork();
    const old = em.create(User, {
      name: "Admin",
      passwordHash: "",
      role: "ReadOnly",
      passwordChangedAt: new Date(),
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await em.flush();
    const edited = await updateUser(admin(), old.id, { name: "Admin", fullName: "Old Admin" });
    expect(edited).toMatchObject({ name: "Admin", fullName: "Old Admin" });
    await expect(updateUser(admin(), old.id, { name: "ADMIN" })).rejects.toMatchObject({
      code: "USER_NAME_LOOKALIKE",
    });
    // Sign-in stays exact: the name as it is on file.
    await expect(signIn("ADMIN", "admin")).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
  });

  it("refuses a name that reads as an audit actor label in any disguise", async () => {
    for (const name of ["\u0441li", "\u0455\u0443\u0455t\u0435m", "\u0430pi-key:deploy"]) {
      await expect(createUser(admin(), person(name))).rejects.toMatchObject({
        code: "USER_NAME_RESERVED",
      });
    }
  });

  it("judges the name as stored: one that NFC makes too long is refused", async () => {
    // U+FB2C is 3 bytes and becomes 6 in NFC: 80 of them pass as typed, not as stored.
    await expect(createUser(admin(), person("\ufb2c".repeat(80)))).rejects.toMatchObject({
      messages: ["user name must not exceed 255 characters"],
    });
  });
});
