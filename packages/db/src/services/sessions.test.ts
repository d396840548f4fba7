import { afterEach, describe, expect, it } from "vitest";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { Session } from "../entities/session.entity.js";
import {
  expectSignedIn,
  openTestDatabase,
  type TestDatabase,
  testEngine,
} from "../testing/test-database.js";
import { logIn } from "./login.js";
import {
  endSession,
  listSessions,
  logOut,
  maxSessionsPerUser,
  purgeEndedSessions,
  revokeBeyondCap,
  revokeOtherSessions,
  revokeSession,
  touchSession,
  validateSession,
} from "./sessions.js";
import { createUser, deleteUser, findUser, setUserDisabled } from "./users.js";

const day = 86_400_000;
let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

async function signIn(name = "admin", password = "admin", ip = "10.0.0.1") {
  return expectSignedIn(
    await logIn(db.ctx({ kind: "anonymous" }, { ip, userAgent: "agent" }), {
      username: name,
      password,
    }),
  ).session;
}

describe.each([
  ["a file database (dedicated reader connection)", true],
  ["an in-memory database (reader through the ORM)", false],
])("validateSession on %s", (_, file) => {
  it("finds the session and its user by the cookie's id, never by the stored digest", async () => {
    db = await openTestDatabase({ file });
    const { token, ...session } = await signIn();
    const valid = await validateSession(db.deps, token);
    expect(valid.id).toBe(session.id);
    expect(valid.user).toMatchObject({ id: 1, name: "admin", role: "Admin", isDisabled: false });
    expect(JSON.stringify(valid)).not.toContain("argon2");
    await expect(validateSession(db.deps, session.id)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("refuses a logged-out session at once, and records the logout once", async () => {
    db = await openTestDatabase({ file });
    const { token, ...session } = await signIn();
    await logOut(db.ctx(), session.id);
    await expect(validateSession(db.deps, token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await logOut(db.ctx(), session.id);
    const logouts = await db.orm.em.fork().find(AuditEvent, { action: "logout" });
    expect(logouts.map((event) => [event.target, event.outcome])).toEqual([["admin", "success"]]);
  });

  it("ends a session replaced by a new sign-in without recording a logout", async () => {
    db = await openTestDatabase({ file });
    const { token, ...session } = await signIn();
    await endSession(db.ctx(), session.id);
    await expect(validateSession(db.deps, token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    expect(await db.orm.em.fork().count(AuditEvent, { action: "logout" })).toBe(0);
  });

  it("refuses sessions of a disabled or deleted user at once", async () => {
    db = await openTestDatabase({ file });
    const bob = await createUser(db.ctx(), {
      name: "bob",
      password: "bobs-long-password",
      role: "ReadOnly",
    });
    const first = await signIn("bob", "bobs-long-password");
    await setUserDisabled(db.ctx(), bob.id, true);
    await expect(validateSession(db.deps, first.token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await setUserDisabled(db.ctx(), bob.id, false);
    const second = await signIn("bob", "bobs-long-password");
    await deleteUser(db.ctx(), bob.id);
    await expect(validateSession(db.deps, second.token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });
});

describe("session lifetime", () => {
  it("ends after auth.login-maximum-inactive-days without activity, and activity extends it", async () => {
    db = await openTestDatabase({ flags: ["--auth.login-maximum-inactive-days=2"] });
    const { token } = await signIn();
    db.clock.advance(day + 1000);
    const valid = await validateSession(db.deps, token);
    expect(await touchSession(() => db.orm.em.fork(), db.deps, valid)).toBe(true);
    db.clock.advance(day + 1000);
    await expect(validateSession(db.deps, token)).resolves.toBeTruthy();
    db.clock.advance(2 * day);
    await expect(validateSession(db.deps, token)).rejects.toMatchObject({
      code: "SESSION_EXPIRED",
    });
  });

  it("ends after auth.login-maximum-lifetime-days however active", async () => {
    db = await openTestDatabase({
      flags: ["--auth.login-maximum-lifetime-days=1", "--auth.login-maximum-inactive-days=0"],
    });
    const { token } = await signIn();
    db.clock.advance(day - 1000);
    const valid = await validateSession(db.deps, token);
    await touchSession(() => db.orm.em.fork(), db.deps, valid);
    db.clock.advance(2000);
    await expect(validateSession(db.deps, token)).rejects.toMatchObject({
      code: "SESSION_EXPIRED",
    });
  });

  it("writes activity at most once a minute", async () => {
    db = await openTestDatabase();
    const { token } = await signIn();
    db.clock.advance(30_000);
    expect(
      await touchSession(() => db.orm.em.fork(), db.deps, await validateSession(db.deps, token)),
    ).toBe(false);
    db.clock.advance(31_000);
    expect(
      await touchSession(() => db.orm.em.fork(), db.deps, await validateSession(db.deps, token)),
    ).toBe(true);
    const user = await findUser(db.orm.em.fork(), 1);
    expect(user.lastSeenAt?.getTime()).toBe(db.clock.now().getTime());
  });
});

describe("own sessions", () => {
  it("lists active sessions with device and address, marking the current one", async () => {
    db = await openTestDatabase();
    const first = await signIn("admin", "admin", "10.0.0.1");
    await signIn("admin", "admin", "10.0.0.2");
    const listed = await listSessions(db.ctx(), 1, first.id);
    expect(listed.map((session) => [session.clientIp, session.current, session.userAgent])).toEqual(
      expect.arrayContaining([
        ["10.0.0.1", true, "agent"],
        ["10.0.0.2", false, "agent"],
      ]),
    );
  });

  it("lists none that has passed its idle end or its absolute end, as validateSession rules", async () => {
    db = await openTestDatabase({
      flags: ["--auth.login-maximum-lifetime-days=10", "--auth.login-maximum-inactive-days=2"],
    });
    const idle = await signIn("admin", "admin", "10.0.0.1");
    const used = await signIn("admin", "admin", "10.0.0.2");
    const listed = async () =>
      (await listSessions(db.ctx(), 1)).map((session) => session.clientIp).sort();
    // The second is used every day; the first is left alone, and its idle end comes first.
    for (let elapsed = 1; elapsed <= 9; elapsed++) {
      db.clock.advance(day);
      await touchSession(
        () => db.orm.em.fork(),
        db.deps,
        await validateSession(db.deps, used.token),
      );
    }
    const fresh = await signIn("admin", "admin", "10.0.0.3");
    expect(await listed()).toEqual(["10.0.0.2", "10.0.0.3"]);
    await expect(validateSession(db.deps, idle.token)).rejects.toMatchObject({
      code: "SESSION_EXPIRED",
    });
    db.clock.advance(day);
    expect(await listed()).toEqual(["10.0.0.3"]);
    await expect(validateSession(db.deps, used.token)).rejects.toMatchObject({
      code: "SESSION_EXPIRED",
    });
    await expect(validateSession(db.deps, fresh.token)).resolves.toMatchObject({ id: fresh.id });
  });

  it("revokes one of its own sessions, but not another user's", async () => {
    db = await openTestDatabase();
    const mine = await signIn();
    await createUser(db.ctx(), { name: "bob", password: "bobs-long-password", role: "ReadOnly" });
    const bobs = await signIn("bob", "bobs-long-password");
    await expect(revokeSession(db.ctx(), 1, bobs.id)).rejects.toMatchObject({
      code: "SESSION_NOT_FOUND",
    });
    await expect(validateSession(db.deps, bobs.token)).resolves.toBeTruthy();
    await revokeSession(db.ctx(), 1, mine.id);
    await expect(validateSession(db.deps, mine.token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("revokes all the others and keeps the current one", async () => {
    db = await openTestDatabase();
    const current = await signIn();
    const other = await signIn();
    const user = await findUser(db.orm.em.fork(), 1);
    expect(await revokeOtherSessions(db.ctx(), user, current.id)).toBe(1);
    await expect(validateSession(db.deps, current.token)).resolves.toBeTruthy();
    await expect(validateSession(db.deps, other.token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it(`keeps at most ${maxSessionsPerUser} active sessions per user, revoking the oldest`, async () => {
    db = await openTestDatabase();
    const oldest = await signIn();
    for (let index = 0; index < maxSessionsPerUser; index++) {
      db.clock.advance(1000);
      await signIn();
    }
    expect(await db.orm.em.fork().count(Session, { revokedAt: null })).toBe(maxSessionsPerUser);
    await expect(validateSession(db.deps, oldest.token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  // SQLite's plan; PostgreSQL's planner picks by table statistics (sessions_active_index too).
  it.runIf(testEngine() === "sqlite")(
    "finds the sessions to revoke through the active-sessions index, not the user's whole history",
    async () => {
      db = await openTestDatabase();
      const plan = await db.orm.em
        .getConnection()
        .execute<{ detail: string }[]>(
          `explain query plan ${revokeBeyondCap.replace(/^update .+? where "id" in \((.+)\)$/, "$1")}`,
          [1, 1000, maxSessionsPerUser],
        );
      expect(plan.map((step) => step.detail)).toEqual([
        "SEARCH sessions USING INDEX sessions_active_index (user_id=?)",
      ]);
    },
  );

  it("purges sessions a week after they ended", async () => {
    db = await openTestDatabase();
    const session = await signIn();
    await signIn();
    await endSession(db.ctx(), session.id);
    db.clock.advance(6 * day);
    expect(await purgeEndedSessions(db.orm.em.fork(), db.deps)).toBe(0);
    db.clock.advance(2 * day);
    expect(await purgeEndedSessions(db.orm.em.fork(), db.deps)).toBe(1);
  });

  it("purges sessions a week after their idle end, and a week after their absolute end", async () => {
    db = await openTestDatabase({
      flags: ["--auth.login-maximum-lifetime-days=10", "--auth.login-maximum-inactive-days=2"],
    });
    await signIn();
    const used = await signIn();
    // The first is never used again: it ends after 2 idle days. The other is used every day
    // until its absolute end at 10 days, so only that end applies to it.
    for (let elapsed = 1; elapsed <= 9; elapsed++) {
      db.clock.advance(day);
      const session = await validateSession(db.deps, used.token);
      await touchSession(() => db.orm.em.fork(), db.deps, session);
      expect(await purgeEndedSessions(db.orm.em.fork(), db.deps)).toBe(0);
    }
    db.clock.advance(1);
    expect(await purgeEndedSessions(db.orm.em.fork(), db.deps)).toBe(1);
    db.clock.advance(7 * day);
    expect(await purgeEndedSessions(db.orm.em.fork(), db.deps)).toBe(0);
    db.clock.advance(day);
    expect(await purgeEndedSessions(db.orm.em.fork(), db.deps)).toBe(1);
    expect(await db.orm.em.fork().count(Session, {})).toBe(0);
  });
});
