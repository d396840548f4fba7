import { afterEach, describe, expect, it } from "vitest";
import { purgeBatchSize, purgeWindowRows } from "../batched-delete.js";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { Session } from "../entities/session.entity.js";
import { ormRunner } from "../sql.js";
import {
  expectSignedIn,
  openTestDatabase,
  type TestDatabase,
  testEngine,
} from "../testing/test-database.js";
import { purgeOldAuditEvents } from "./audit.js";
import { logIn } from "./login.js";
import { purgeExpiredRecords } from "./maintenance.js";
import { endSession, purgeEndedSessions } from "./sessions.js";

const day = 86_400_000;
let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

describe("purgeExpiredRecords", () => {
  it("deletes sessions a week after they ended and audit events past retention, nothing else", async () => {
    db = await openTestDatabase({ flags: ["--auth.audit-retention-days=30"] });
    const first = expectSignedIn(
      await logIn(db.ctx({ kind: "anonymous" }), { username: "admin", password: "admin" }),
    );
    await endSession(db.ctx(), first.session.id);
    db.clock.advance(8 * day);
    await logIn(db.ctx({ kind: "anonymous" }), {
      username: "admin",
      password: "admin",
    });
    expect(await purgeExpiredRecords(db.orm.em.fork(), db.deps)).toEqual({
      sessions: 1,
      auditEvents: 0,
      challenges: 0,
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
    await logIn(db.ctx({ kind: "anonymous" }), {
      username: "admin",
      password: "admin",
    });
    db.clock.advance(10_000 * day);
    expect((await purgeExpiredRecords(db.orm.em.fork(), db.deps)).auditEvents).toBe(0);
  });
});

describe.each([
  ["ended sessions", purgeEndedSessions],
  ["old audit events", purgeOldAuditEvents],
])("a long backlog of %s", (_, purge) => {
  // SQLite's one writer: PostgreSQL deletes in one statement, holding up no sign-in.
  it.runIf(testEngine() === "sqlite")(
    "is deleted in batches, and a sign-in gets through before the purge ends",
    async () => {
      db = await openTestDatabase({ file: true, flags: ["--auth.audit-retention-days=1"] });
      // Sessions that ended a month ago, and as many audit events of then, each spread over 20 of
      // the windows their purge walks.
      const backlog = 20 * purgeBatchSize;
      const spacing = Math.ceil(purgeWindowRows / purgeBatchSize);
      const monthAgo = db.clock.now().getTime() - 30 * day;
      const monthAgoAt = new Date(monthAgo);
      const seed = ormRunner(db.orm.em.fork());
      await seed.run(
        'with recursive n(i) as (select 1 union all select i + 1 from n where i < ?) insert into "sessions" ("rowid", "id", "user_id", "created_at", "last_seen_at", "revoked_at") select i * ?, printf(\'%064d\', i), 1, ?, ?, ? from n',
        [backlog, spacing, monthAgoAt, monthAgoAt, monthAgoAt],
      );
      await seed.run(
        'with recursive n(i) as (select 1 union all select i + 1 from n where i < ?) insert into "audit_events" ("id", "at", "actor", "action", "target", "outcome") select i * ?, ?, \'admin\', \'login.success\', \'admin\', \'success\' from n',
        [backlog, spacing, monthAgoAt],
      );
      const finished: string[] = [];
      const purging = purge(db.orm.em.fork(), db.deps).then((deleted) => {
        finished.push("purge");
        return deleted;
      });
      await logIn(db.ctx({ kind: "anonymous" }), {
        username: "admin",
        password: "admin",
      });
      finished.push("sign-in");
      expect(await purging).toBe(backlog);
      // In one statement, the sign-in's session insert waited for the whole delete.
      expect(finished).toEqual(["sign-in", "purge"]);
    },
  );
});
