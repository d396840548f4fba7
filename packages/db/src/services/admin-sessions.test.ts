import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { Session } from "../entities/session.entity.js";
import { expectSignedIn, openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import {
  endEverySession,
  endUserSession,
  endUserSessions,
  listUserSessions,
} from "./admin-sessions.js";
import { logIn } from "./login.js";
import { validateSession } from "./sessions.js";
import { createUser } from "./users.js";

let db: TestDatabase;
let bob: number;
beforeEach(async () => {
  db = await openTestDatabase();
  bob = (
    await createUser(db.ctx(), { name: "bob", password: "bob-has-a-long-secret", role: "Agent" })
  ).id;
});
afterEach(async () => {
  await db.close();
});

const admin = () => db.ctx({ kind: "user", id: 1, name: "admin", role: "Admin" });

async function signIn(name: string, password: string, userAgent = "agent") {
  return expectSignedIn(
    await logIn(db.ctx({ kind: "anonymous" }, { ip: "10.0.0.1", userAgent }), {
      username: name,
      password,
    }),
  ).session;
}

/** Reopens the test's database with sessions that end after two idle days; bob again. */
async function withIdleLimit() {
  await db.close();
  db = await openTestDatabase({ flags: ["--auth.login-maximum-inactive-days=2"] });
  bob = (
    await createUser(db.ctx(), { name: "bob", password: "bob-has-a-long-secret", role: "Agent" })
  ).id;
}

/** Whether the session's row is revoked: past its deadline alone, a longer one would revive it. */
const revoked = async (id: string) =>
  (await db.orm.em.fork().findOneOrFail(Session, { id })).revokedAt !== null;

const audited = async (action: string) =>
  (await db.orm.em.fork().find(AuditEvent, { action }, { orderBy: { id: "asc" } })).map((event) => [
    event.actor,
    event.target,
    event.detail,
  ]);

describe("an admin and another user's sessions", () => {
  it("lists them, most recent first, without anything that opens them", async () => {
    const first = await signIn("bob", "bob-has-a-long-secret", "first browser");
    db.clock.advance(60_000);
    const second = await signIn("bob", "bob-has-a-long-secret", "second browser");
    const listed = await listUserSessions(admin(), bob);
    expect(listed.map((session) => [session.id, session.userAgent, session.current])).toEqual([
      [second.id, "second browser", false],
      [first.id, "first browser", false],
    ]);
    expect(JSON.stringify(listed)).not.toContain(first.token);
  });

  it("ends one of them at once and says so in the trail; the others go on", async () => {
    const ended = await signIn("bob", "bob-has-a-long-secret");
    const kept = await signIn("bob", "bob-has-a-long-secret");
    await endUserSession(admin(), bob, ended.id);
    await expect(validateSession(db.deps, ended.token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await expect(validateSession(db.deps, kept.token)).resolves.toMatchObject({ id: kept.id });
    expect(await audited("session.end")).toEqual([["admin", "bob", null]]);
  });

  it("refuses a session of someone else under the user's id, ending nothing", async () => {
    const admins = await signIn("admin", "admin");
    await expect(endUserSession(admin(), bob, admins.id)).rejects.toMatchObject({
      code: "SESSION_NOT_FOUND",
    });
    await expect(validateSession(db.deps, admins.token)).resolves.toMatchObject({
      id: admins.id,
    });
    expect(await audited("session.end")).toEqual([]);
  });

  it("ends all of a user's sessions, counted, and no one else's", async () => {
    const bobs = [
      await signIn("bob", "bob-has-a-long-secret"),
      await signIn("bob", "bob-has-a-long-secret"),
    ];
    const admins = await signIn("admin", "admin");
    expect(await endUserSessions(admin(), bob)).toBe(2);
    for (const session of bobs)
      await expect(validateSession(db.deps, session.token)).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    await expect(validateSession(db.deps, admins.token)).resolves.toMatchObject({
      id: admins.id,
    });
    expect(await listUserSessions(admin(), bob)).toEqual([]);
    expect(await audited("session.end-all")).toEqual([["admin", "bob", "2 sessions"]]);
    // The account itself is untouched: bob signs in again.
    await expect(signIn("bob", "bob-has-a-long-secret")).resolves.toHaveProperty("token");
  });

  it("counts the sessions it ends that were live, and revokes the idle ones too", async () => {
    await withIdleLimit();
    const idle = await signIn("bob", "bob-has-a-long-secret");
    db.clock.advance(3 * 86_400_000);
    const live = await signIn("bob", "bob-has-a-long-secret");
    expect(await endUserSessions(admin(), bob)).toBe(1);
    expect(await audited("session.end-all")).toEqual([["admin", "bob", "1 sessions"]]);
    expect([await revoked(idle.id), await revoked(live.id)]).toEqual([true, true]);
  });

  it("answers user not found for a user that is not there, changing nothing", async () => {
    await expect(listUserSessions(admin(), 99)).rejects.toMatchObject({ code: "USER_NOT_FOUND" });
    await expect(endUserSessions(admin(), 99)).rejects.toMatchObject({ code: "USER_NOT_FOUND" });
    await expect(endUserSession(admin(), 99, "0".repeat(64))).rejects.toMatchObject({
      code: "USER_NOT_FOUND",
    });
    expect(await audited("session.end-all")).toEqual([]);
  });

  it("ends every user's sessions at once for the CLI", async () => {
    const sessions = [await signIn("bob", "bob-has-a-long-secret"), await signIn("admin", "admin")];
    expect(await endEverySession(db.ctx({ kind: "cli" }))).toBe(2);
    for (const session of sessions)
      await expect(validateSession(db.deps, session.token)).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
    expect(await audited("session.end-all")).toEqual([["cli", null, "2 sessions of every user"]]);
  });

  it("counts, for the CLI, the live sessions of every user, and revokes the idle ones too", async () => {
    await withIdleLimit();
    const idle = [await signIn("bob", "bob-has-a-long-secret"), await signIn("admin", "admin")];
    db.clock.advance(3 * 86_400_000);
    const live = await signIn("bob", "bob-has-a-long-secret");
    expect(await endEverySession(db.ctx({ kind: "cli" }))).toBe(1);
    for (const session of [...idle, live]) expect(await revoked(session.id)).toBe(true);
  });
});
