import { AuthError } from "@pyroscope-auth/auth-core";
import { afterEach, describe, expect, it } from "vitest";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { Session } from "../entities/session.entity.js";
import { User } from "../entities/user.entity.js";
import type { ServiceContext } from "../service-deps.js";
import { expectSignedIn, openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { deviceSubject, logIn, signUp } from "./login.js";
import { createUser, deleteUser, setUserDisabled, setUserPassword, setUserRole } from "./users.js";

let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

const anonymous = () => db.ctx({ kind: "anonymous" }, { ip: "10.0.0.1", userAgent: "test-agent" });

describe("logIn", () => {
  it("opens a session for the right password and records who, from where", async () => {
    db = await openTestDatabase();
    const { user, session } = expectSignedIn(
      await logIn(anonymous(), { username: "admin", password: "admin" }),
    );
    expect(user.name).toBe("admin");
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(session.id).not.toBe(session.token);
    const stored = await db.orm.em.fork().findOneOrFail(Session, { id: session.id });
    expect(stored).toMatchObject({
      clientIp: "10.0.0.1",
      userAgent: "test-agent",
      revokedAt: null,
    });
    const events = await db.orm.em.fork().find(AuditEvent, { action: "login.success" });
    expect(events.map((event) => [event.actor, event.target, event.clientIp])).toEqual([
      ["admin", "admin", "10.0.0.1"],
    ]);
    const admin = await db.orm.em.fork().findOneOrFail(User, { id: 1 });
    expect(admin.lastSeenAt?.getTime()).toBe(db.clock.now().getTime());
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    db = await openTestDatabase();
    const unknown = await logIn(anonymous(), {
      username: "nobody",
      password: "admin",
    }).catch((error: Error) => error);
    const wrong = await logIn(anonymous(), {
      username: "admin",
      password: "nope",
    }).catch((error: Error) => error);
    expect(unknown).toMatchObject({ code: "INVALID_CREDENTIALS", message: "invalid credentials" });
    expect(wrong).toMatchObject({ code: "INVALID_CREDENTIALS", message: "invalid credentials" });
  });

  it("treats any characters in a name as data: NUL, quotes and newlines just fail", async () => {
    db = await openTestDatabase();
    for (const username of ["\u0000", "admin\u0000", "' or 1=1 --", "a\nb"]) {
      await expect(logIn(anonymous(), { username, password: "admin" })).rejects.toMatchObject({
        code: "INVALID_CREDENTIALS",
      });
    }
  });

  it("tells a disabled user so only after a correct password", async () => {
    db = await openTestDatabase();
    const bob = await createUser(db.ctx(), {
      name: "bob",
      password: "bobs-long-password",
      role: "ReadOnly",
    });
    await setUserDisabled(db.ctx(), bob.id, true);
    await expect(
      logIn(anonymous(), { username: "bob", password: "wrong-password" }),
    ).rejects.toThrow("invalid credentials");
    await expect(
      logIn(anonymous(), { username: "bob", password: "bobs-long-password" }),
    ).rejects.toMatchObject({
      code: "USER_DISABLED",
      message: "user disabled",
    });
  });

  it("never lets an external user (no password) in with a password", async () => {
    db = await openTestDatabase();
    const em = db.orm.em.fork();
    const now = new Date();
    em.create(User, {
      name: "ext",
      passwordHash: "",
      role: "ReadOnly",
      isExternal: true,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await em.flush();
    await expect(logIn(anonymous(), { username: "ext", password: "" })).rejects.toThrow(
      "user password can't be empty",
    );
    await expect(logIn(anonymous(), { username: "ext", password: "anything" })).rejects.toThrow(
      "invalid credentials",
    );
  });

  it("rehashes a password stored with older parameters on the next login", async () => {
    const cheap = await openTestDatabase({ file: true });
    const before = (await cheap.orm.em.fork().findOneOrFail(User, { name: "admin" })).passwordHash;
    expect(before).toContain("m=1024,t=1,p=1");
    await cheap.database.close();

    db = await openTestDatabase({ storagePath: cheap.storagePath, realHashCost: true });
    await logIn(anonymous(), { username: "admin", password: "admin" });
    const after = (await db.orm.em.fork().findOneOrFail(User, { name: "admin" })).passwordHash;
    expect(after).toContain("m=19456,t=2,p=1");
    await expect(
      logIn(anonymous(), { username: "admin", password: "admin" }),
    ).resolves.toBeTruthy();
  });

  describe("when the account changes while its password is being checked", () => {
    /** An anonymous context whose password check lets `meanwhile` run before it answers. */
    function checkingWhile(meanwhile: () => Promise<unknown>): ServiceContext {
      const ctx = anonymous();
      const { hasher } = ctx.deps;
      const verify: typeof hasher.verify = async (hash, password) => {
        const matches = await hasher.verify(hash, password);
        await meanwhile();
        return matches;
      };
      return { ...ctx, deps: { ...ctx.deps, hasher: { ...hasher, verify } } };
    }

    async function openWithBob() {
      db = await openTestDatabase();
      return createUser(db.ctx(), { name: "bob", password: "bobs-long-password", role: "Admin" });
    }

    /** Bob's hash made with cheaper parameters than the database now has: his next sign-in rehashes. */
    async function openWithBobsHashOutdated() {
      const cheap = await openTestDatabase({ file: true });
      const bob = await createUser(cheap.ctx(), {
        name: "bob",
        password: "bobs-long-password",
        role: "ReadOnly",
      });
      await cheap.database.close();
      db = await openTestDatabase({ storagePath: cheap.storagePath, realHashCost: true });
      return bob;
    }

    const signInAsBob = (ctx: ServiceContext) =>
      logIn(ctx, { username: "bob", password: "bobs-long-password" });

    it.each([
      [
        "a new password",
        (id: number) => {
          db.clock.advance(1);
          return setUserPassword(db.ctx(), id, "a-brand-new-passphrase");
        },
      ],
      ["disabling", (id: number) => setUserDisabled(db.ctx(), id, true)],
      ["a role change", (id: number) => setUserRole(db.ctx(), id, "ReadOnly")],
      ["deletion", (id: number) => deleteUser(db.ctx(), id)],
    ])("lets %s win: the sign-in gets no session", async (_, change) => {
      const bob = await openWithBob();
      await expect(signInAsBob(checkingWhile(() => change(bob.id)))).rejects.toMatchObject({
        code: "INVALID_CREDENTIALS",
      });
      expect(await db.orm.em.fork().count(Session, { user: bob.id })).toBe(0);
      const failure = await db.orm.em.fork().findOneOrFail(AuditEvent, { action: "login.failure" });
      expect(failure.detail).toBe("account changed during sign-in");
      expect(await db.orm.em.fork().count(AuditEvent, { action: "login.success" })).toBe(0);
    });

    it("never writes an upgraded hash over a password set meanwhile", async () => {
      const bob = await openWithBobsHashOutdated();

      const reset = () => {
        db.clock.advance(1);
        return setUserPassword(db.ctx(), bob.id, "a-brand-new-passphrase");
      };
      await expect(signInAsBob(checkingWhile(reset))).rejects.toMatchObject({
        code: "INVALID_CREDENTIALS",
      });
      await expect(
        logIn(anonymous(), { username: "bob", password: "a-brand-new-passphrase" }),
      ).resolves.toBeTruthy();
      expect(await db.orm.em.fork().count(AuditEvent, { action: "user.password.rehash" })).toBe(0);
    });

    it("lets in a sign-in whose old hash another sign-in upgraded meanwhile (same password)", async () => {
      await openWithBobsHashOutdated();

      // Two tabs after an upgrade: the second sign-in runs, and rehashes, during the first's check.
      await expect(
        signInAsBob(checkingWhile(() => signInAsBob(anonymous()))),
      ).resolves.toBeTruthy();
      expect(await db.orm.em.fork().count(AuditEvent, { action: "user.password.rehash" })).toBe(1);
      expect(await db.orm.em.fork().count(Session, {})).toBe(2);
    });
  });

  it("refuses everything while internal authentication is disabled", async () => {
    db = await openTestDatabase({ flags: ["--auth.internal.enabled=false"] });
    await expect(
      logIn(anonymous(), { username: "admin", password: "admin" }),
    ).rejects.toMatchObject({
      code: "INTERNAL_AUTH_DISABLED",
    });
  });
});

describe("signUp", () => {
  it("is refused unless auth.internal.signup-enabled", async () => {
    db = await openTestDatabase();
    await expect(
      signUp(anonymous(), { name: "eve", password: "eves-long-password" }),
    ).rejects.toMatchObject({
      code: "SIGNUP_DISABLED",
    });
    expect(await db.orm.em.fork().count(User, { name: "eve" })).toBe(0);
  });

  it("creates a user with auth.signup-default-role and signs them in", async () => {
    db = await openTestDatabase({
      flags: ["--auth.internal.signup-enabled", "--auth.signup-default-role=agent"],
    });
    const { user, session } = await signUp(anonymous(), {
      name: "eve",
      email: "eve@example.com",
      password: "eves-long-password",
      role: "Admin",
    });
    expect(user).toMatchObject({ name: "eve", role: "Agent" });
    const stored = await db.orm.em.fork().findOneOrFail(Session, { id: session.id });
    expect(stored.user.id).toBe(user.id);
    const events = await db.orm.em
      .fork()
      .find(AuditEvent, { target: "eve" }, { orderBy: { id: "asc" } });
    expect(events.map((event) => event.action)).toEqual(["user.signup", "login.success"]);
  });

  it("defaults the role to ReadOnly and applies every rule", async () => {
    db = await openTestDatabase({ flags: ["--auth.internal.signup-enabled"] });
    expect(
      (await signUp(anonymous(), { name: "eve", password: "eves-long-password" })).user.role,
    ).toBe("ReadOnly");
    await expect(signUp(anonymous(), { name: "eve", password: "x" })).rejects.toMatchObject({
      messages: ["user password must be at least 8 characters"],
    });
    await expect(
      signUp(anonymous(), { name: "eve", password: "eves-other-password" }),
    ).rejects.toThrow("user with this name already exists");
  });

  it("counts every sign-up on its address, which is blocked at the limit, logins included", async () => {
    db = await openTestDatabase({
      flags: ["--auth.internal.signup-enabled", "--auth.login-throttle.ip-failure-limit=3"],
    });
    const from = (ip: string) => db.ctx({ kind: "anonymous" }, { ip });
    const signUpAs = (name: string, ip = "10.0.0.5") =>
      signUp(from(ip), { name, password: "long-enough-secret" }).then(
        ({ user }) => user.name,
        (error: { code?: string; retryAfterSeconds?: number }) =>
          `${error.code} ${error.retryAfterSeconds ?? ""}`.trim(),
      );
    expect([await signUpAs("one"), await signUpAs("one"), await signUpAs("three")]).toEqual([
      "one",
      "USER_NAME_EXISTS",
      "three",
    ]);
    expect(await signUpAs("four")).toBe("TOO_MANY_SIGNUPS 900");
    expect(await db.orm.em.fork().count(User, { name: "four" })).toBe(0);
    await expect(
      logIn(from("10.0.0.5"), { username: "one", password: "long-enough-secret" }),
    ).rejects.toMatchObject({ code: "TOO_MANY_ATTEMPTS" });
    expect(await signUpAs("four", "10.0.0.6")).toBe("four");
    db.clock.advance(900_000);
    expect(await signUpAs("five")).toBe("five");
  });

  it("does not count a sign-up the server could not hash (SERVER_BUSY)", async () => {
    db = await openTestDatabase({
      flags: ["--auth.internal.signup-enabled", "--auth.login-throttle.ip-failure-limit=2"],
    });
    const ctx = db.ctx({ kind: "anonymous" }, { ip: "10.0.0.5" });
    const busy = async (): Promise<string> => {
      throw new AuthError("SERVER_BUSY", undefined, 1);
    };
    const busyCtx = { ...ctx, deps: { ...ctx.deps, hasher: { ...ctx.deps.hasher, hash: busy } } };
    for (const name of ["a", "b", "c"])
      await expect(signUp(busyCtx, { name, password: "long-enough-secret" })).rejects.toMatchObject(
        { code: "SERVER_BUSY" },
      );
    // The second real one reaches the limit and sets the block; it lifts again for a busy one.
    await signUp(ctx, { name: "one", password: "long-enough-secret" });
    await expect(
      signUp(busyCtx, { name: "two", password: "long-enough-secret" }),
    ).rejects.toMatchObject({ code: "SERVER_BUSY" });
    await signUp(ctx, { name: "two", password: "long-enough-secret" });
    await expect(
      signUp(ctx, { name: "three", password: "long-enough-secret" }),
    ).rejects.toMatchObject({ code: "TOO_MANY_SIGNUPS" });
  });
});

describe("the device a sign-in is judged as", () => {
  it("is asked for the account's current subject, which a new password changes", async () => {
    db = await openTestDatabase();
    const asked: string[] = [];
    const knownDevice = (subject: string) => {
      asked.push(subject);
      return undefined;
    };
    const { user } = await logIn(
      anonymous(),
      { username: "admin", password: "admin" },
      knownDevice,
    );
    expect(asked).toEqual([deviceSubject(user)]);
    expect(deviceSubject(user)).toMatch(/^1:\d+$/);
    db.clock.advance(1000);
    await setUserPassword(db.ctx(), user.id, "a-new-passphrase-1");
    const after = await logIn(
      anonymous(),
      { username: "admin", password: "a-new-passphrase-1" },
      knownDevice,
    );
    expect(deviceSubject(after.user)).not.toBe(deviceSubject(user));
    // No account, no device: an unknown name never asks.
    await logIn(anonymous(), { username: "ghost", password: "x" }, knownDevice).catch(
      () => undefined,
    );
    expect(asked).toHaveLength(2);
  });
});
