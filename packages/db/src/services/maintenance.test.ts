import { afterEach, describe, expect, it } from "vitest";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { Session } from "../entities/session.entity.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { logIn } from "./login.js";
import { purgeExpiredRecords } from "./maintenance.js";
import { endSession } from "./sessions.js";

const day = 86_400_000;
let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

describe("purgeExpiredRecords", () => {
  it("deletes sessions a week after they ended and audit events past retention, nothing else", async () => {
    db = await openTestDatabase({ flags: ["--auth.audit-retention-days=30"] });
    const first = await logIn(db.ctx({ kind: "anonymous" }), db.hotPath, {
      username: "admin",
      password: "admin",
    });
    await endSession(db.ctx(), first.session.id);
    db.clock.advance(8 * day);
    await logIn(db.ctx({ kind: "anonymous" }), db.hotPath, {
      username: "admin",
      password: "admin",
    });
    expect(await purgeExpiredRecords(db.orm.em.fork(), db.deps)).toEqual({
      sessions: 1,
      auditEvents: 0,
    });
    expect(await db.orm.em.fork().count(Session, {})).toBe(1);

    db.clock.advance(25 * day);
    const before = await db.orm.em.fork().count(AuditEvent, {});
    const { auditEvents } = await purgeExpiredRecords(db.orm.em.fork(), db.deps);
    expect(auditEvents).toBeGreaterThan(0);
    expect(await db.orm.em.fork().count(AuditEvent, {})).toBe(before - auditEvents);
    // The second sign-in, 25 days ago, is within the 30 days kept.
    expect(await db.orm.em.fork().count(AuditEvent, { action: "login.success" })).toBe(1);
  });

  it("keeps audit events forever when retention is 0", async () => {
    db = await openTestDatabase({ flags: ["--auth.audit-retention-days=0"] });
    await logIn(db.ctx({ kind: "anonymous" }), db.hotPath, {
      username: "admin",
      password: "admin",
    });
    db.clock.advance(10_000 * day);
    expect((await purgeExpiredRecords(db.orm.em.fork(), db.deps)).auditEvents).toBe(0);
  });
});
