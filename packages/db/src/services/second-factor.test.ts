import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { Session } from "../entities/session.entity.js";
import {
  expectSignedIn,
  openTestDatabase,
  type TestDatabase,
  totpCode,
} from "../testing/test-database.js";
import { completeSignIn, logIn } from "./login.js";
import { purgeExpiredRecords } from "./maintenance.js";
import {
  beginTotp,
  challengeLifetimeMs,
  confirmTotp,
  disableSecondFactor,
  resetSecondFactor,
  secondFactorStatus,
} from "./second-factor.js";
import { validateSession } from "./sessions.js";
import { createUser, getUser, listUsers } from "./users.js";

let db: TestDatabase;
const ada = { id: 0, name: "ada", role: "ReadOnly" as const };
const password = "ada-has-a-long-secret";
beforeEach(async () => {
  db = await openTestDatabase({ file: true });
  ada.id = (await createUser(db.ctx(), { name: "ada", password, role: "ReadOnly" })).id;
});
afterEach(async () => {
  await db.close();
});

const asAda = () => db.ctx({ kind: "user", id: ada.id, name: "ada", role: "ReadOnly" });
const anonymous = () => db.ctx({ kind: "anonymous" }, { ip: "10.0.0.7" });
const signIn = () => logIn(anonymous(), { username: "ada", password });
const codeNow = (secret: string) => totpCode(secret, db.clock.now());
const sessions = () => db.orm.em.fork().count(Session, { user: ada.id });
const audited = async (action: string) =>
  (await db.orm.em.fork().find(AuditEvent, { action }, { orderBy: { id: "asc" } })).map((event) => [
    event.outcome,
    event.target,
    event.detail,
  ]);

/** Enrols ada's app; returns its secret and her recovery codes. */
async function enrol() {
  const { secret } = await beginTotp(asAda(), ada);
  const { recoveryCodes } = await confirmTotp(asAda(), ada, codeNow(secret));
  // The next code is the next step's: move the clock on.
  db.clock.advance(30_000);
  return { secret, recoveryCodes };
}

/** The challenge of a sign-in that asked for a second step. */
async function challengeOf(): Promise<string> {
  const step = await signIn();
  if (!("challenge" in step)) throw new Error("the sign-in asked for no second factor");
  return step.challenge;
}

describe("enrolment", () => {
  it("asks for nothing until a first code confirms the app, then gives ten recovery codes once", async () => {
    const { secret, uri } = await beginTotp(asAda(), ada);
    expect(uri).toContain(`secret=${secret}`);
    expect(expectSignedIn(await signIn()).session.token).toBeTruthy();
    await expect(confirmTotp(asAda(), ada, "000000")).rejects.toMatchObject({
      code: "SECOND_FACTOR_INVALID",
    });
    expect(await secondFactorStatus(asAda(), ada)).toEqual({
      enabled: false,
      recoveryCodesLeft: 0,
      required: false,
    });
    const { recoveryCodes } = await confirmTotp(asAda(), ada, codeNow(secret));
    expect(recoveryCodes).toHaveLength(10);
    expect(await secondFactorStatus(asAda(), ada)).toEqual({
      enabled: true,
      recoveryCodesLeft: 10,
      required: false,
    });
    await expect(beginTotp(asAda(), ada)).rejects.toMatchObject({ code: "SECOND_FACTOR_ENABLED" });
    expect(await audited("second-factor.enable")).toEqual([["success", "ada", null]]);
  });

  it("starts no set-up while auth.internal.totp.enabled is false, and keeps asking those set up", async () => {
    const { secret } = await enrol();
    const off = await openTestDatabase({
      storagePath: db.storagePath,
      flags: ["--auth.internal.totp.enabled=false"],
    });
    try {
      await expect(beginTotp(off.ctx({ kind: "cli" }), ada)).rejects.toMatchObject({
        code: "SECOND_FACTOR_DISABLED",
      });
      const step = await logIn(off.ctx({ kind: "anonymous" }), { username: "ada", password });
      expect(step).toHaveProperty("challenge");
      expect(secret).toBeTruthy();
    } finally {
      await off.close();
    }
  });

  it("refuses a confirmation before any start", async () => {
    await expect(confirmTotp(asAda(), ada, "123456")).rejects.toMatchObject({
      code: "SECOND_FACTOR_NOT_STARTED",
    });
  });
});

describe("sign-in with a second factor", () => {
  it("opens no session on the password alone, and one once a code completes it", async () => {
    const { secret } = await enrol();
    const before = await sessions();
    const challenge = await challengeOf();
    expect(await sessions()).toBe(before);
    const signedIn = await completeSignIn(anonymous(), { challenge, code: codeNow(secret) });
    expect(signedIn.user.name).toBe("ada");
    await expect(validateSession(db.deps, signedIn.session.token)).resolves.toMatchObject({
      user: { name: "ada" },
    });
    // The challenge is used up.
    db.clock.advance(30_000);
    await expect(
      completeSignIn(anonymous(), { challenge, code: codeNow(secret) }),
    ).rejects.toMatchObject({ code: "SECOND_FACTOR_EXPIRED" });
  });

  it("accepts a code once: the same code again, or an older one, is refused", async () => {
    const { secret } = await enrol();
    const code = codeNow(secret);
    await completeSignIn(anonymous(), { challenge: await challengeOf(), code });
    const replay = await challengeOf();
    await expect(completeSignIn(anonymous(), { challenge: replay, code })).rejects.toMatchObject({
      code: "SECOND_FACTOR_INVALID",
    });
    expect(await audited("login.failure")).toEqual([["failure", "ada", "wrong second factor"]]);
  });

  it("lets one of two sign-ins that bring the same code at the same time through", async () => {
    const { secret, recoveryCodes } = await enrol();
    // Each sign-in from its own address, new each round: the throttle's counts of the round
    // before (the loser's failures) must not be what refuses one of them.
    const from = (ip: string) => db.ctx({ kind: "anonymous" }, { ip });
    const codes = [codeNow(secret), recoveryCodes[0] ?? ""];
    for (const [round, code] of codes.entries()) {
      const [one, two] = [from(`10.0.${round}.1`), from(`10.0.${round}.2`)];
      const first = await logIn(one, { username: "ada", password });
      const second = await logIn(two, { username: "ada", password });
      if (!("challenge" in first && "challenge" in second)) throw new Error("no second step");
      const outcomes = await Promise.allSettled([
        completeSignIn(one, { challenge: first.challenge, code }),
        completeSignIn(two, { challenge: second.challenge, code }),
      ]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(outcomes.find((outcome) => outcome.status === "rejected")).toMatchObject({
        reason: { code: "SECOND_FACTOR_INVALID" },
      });
    }
  });

  it("takes each recovery code once", async () => {
    const { recoveryCodes } = await enrol();
    const [code = ""] = recoveryCodes;
    await completeSignIn(anonymous(), { challenge: await challengeOf(), code: code.toUpperCase() });
    expect((await secondFactorStatus(asAda(), ada)).recoveryCodesLeft).toBe(9);
    await expect(
      completeSignIn(anonymous(), { challenge: await challengeOf(), code }),
    ).rejects.toMatchObject({ code: "SECOND_FACTOR_INVALID" });
  });

  it("lets a challenge expire, and takes no code for it then", async () => {
    const { secret } = await enrol();
    const challenge = await challengeOf();
    db.clock.advance(challengeLifetimeMs);
    await expect(
      completeSignIn(anonymous(), { challenge, code: codeNow(secret) }),
    ).rejects.toMatchObject({ code: "SECOND_FACTOR_EXPIRED" });
    await expect(
      completeSignIn(anonymous(), { challenge: "not-a-challenge", code: "123456" }),
    ).rejects.toMatchObject({ code: "SECOND_FACTOR_EXPIRED" });
    db.clock.advance(1);
    expect((await purgeExpiredRecords(db.orm.em.fork(), db.deps)).challenges).toBe(1);
  });

  it("throttles wrong codes as failed logins, and giving the password again resets nothing", async () => {
    await enrol();
    // Password steps count until their code is right: two rounds and a third password make
    // five failures, and the sixth attempt waits.
    for (let round = 0; round < 2; round++) {
      await expect(
        completeSignIn(anonymous(), {
          challenge: await challengeOf(),
          code: String(100000 + round),
        }),
      ).rejects.toMatchObject({ code: "SECOND_FACTOR_INVALID" });
    }
    const challenge = await challengeOf();
    await expect(completeSignIn(anonymous(), { challenge, code: "123123" })).rejects.toMatchObject({
      code: "TOO_MANY_ATTEMPTS",
    });
    await expect(signIn()).rejects.toMatchObject({ code: "TOO_MANY_ATTEMPTS" });
  });

  it("forgives the count once a sign-in is complete", async () => {
    const { secret } = await enrol();
    await expect(
      completeSignIn(anonymous(), { challenge: await challengeOf(), code: "100000" }),
    ).rejects.toMatchObject({ code: "SECOND_FACTOR_INVALID" });
    await completeSignIn(anonymous(), { challenge: await challengeOf(), code: codeNow(secret) });
    db.clock.advance(30_000);
    for (let round = 0; round < 2; round++) {
      await expect(
        completeSignIn(anonymous(), { challenge: await challengeOf(), code: "100000" }),
      ).rejects.toMatchObject({ code: "SECOND_FACTOR_INVALID" });
    }
  });

  it("opens no session for an account disabled or given a new password since the password step", async () => {
    const { secret } = await enrol();
    const challenge = await challengeOf();
    await db.orm.em
      .fork()
      .getConnection()
      .execute('update "users" set "password_changed_at" = ? where "id" = ?', [
        new Date(db.clock.now().getTime() + 1),
        ada.id,
      ]);
    await expect(
      completeSignIn(anonymous(), { challenge, code: codeNow(secret) }),
    ).rejects.toMatchObject({ code: "INVALID_CREDENTIALS" });
  });
});

describe("turning it off", () => {
  it("needs the password and a code, and then sign-in asks for the password alone", async () => {
    const { secret } = await enrol();
    await expect(
      disableSecondFactor(asAda(), ada, { password, code: "000000" }),
    ).rejects.toMatchObject({ code: "SECOND_FACTOR_INVALID" });
    await expect(
      disableSecondFactor(asAda(), ada, { password: "not-her-password", code: codeNow(secret) }),
    ).rejects.toMatchObject({ code: "INVALID_PASSWORD" });
    db.clock.advance(30_000);
    await disableSecondFactor(asAda(), ada, { password, code: codeNow(secret) });
    expect(await secondFactorStatus(asAda(), ada)).toEqual({
      enabled: false,
      recoveryCodesLeft: 0,
      required: false,
    });
    expect(expectSignedIn(await signIn()).user.name).toBe("ada");
    expect(await audited("second-factor.disable")).toEqual([
      ["failure", "ada", "wrong code"],
      ["failure", "ada", "wrong password"],
      ["success", "ada", null],
    ]);
  });
});

describe("required for a role (auth.internal.totp.required-roles)", () => {
  it("is known to each session, stays on for that role, and is asked for at sign-in", async () => {
    const required = await openTestDatabase({
      storagePath: db.storagePath,
      flags: ["--auth.internal.totp.required-roles=ReadOnly"],
    });
    try {
      const asHer = () => required.ctx({ kind: "user", id: ada.id, name: "ada", role: "ReadOnly" });
      const before = expectSignedIn(
        await logIn(required.ctx({ kind: "anonymous" }), { username: "ada", password }),
      );
      expect((await validateSession(required.deps, before.session.token)).hasSecondFactor).toBe(
        false,
      );
      expect((await secondFactorStatus(asHer(), ada)).required).toBe(true);
      const { secret } = await beginTotp(asHer(), ada);
      await confirmTotp(asHer(), ada, totpCode(secret, required.clock.now()));
      expect((await validateSession(required.deps, before.session.token)).hasSecondFactor).toBe(
        true,
      );
      required.clock.advance(30_000);
      await expect(
        disableSecondFactor(asHer(), ada, {
          password,
          code: totpCode(secret, required.clock.now()),
        }),
      ).rejects.toMatchObject({ code: "SECOND_FACTOR_REQUIRED" });
      expect(await secondFactorStatus(asHer(), ada)).toMatchObject({
        enabled: true,
        required: true,
      });
    } finally {
      await required.close();
    }
  });
});

describe("an admin's reset", () => {
  const asAdmin = () => db.ctx({ kind: "user", id: 1, name: "admin", role: "Admin" });

  it("removes the second factor, ends the user's sessions, and is audited; listed before, not after", async () => {
    await enrol();
    const { secret } = await beginTotp(db.ctx(), { id: 1, name: "admin" }).then(async (begun) => {
      await confirmTotp(db.ctx(), { id: 1, name: "admin" }, codeNow(begun.secret));
      return begun;
    });
    expect(secret).toBeTruthy();
    expect((await getUser(asAdmin(), ada.id)).hasSecondFactor).toBe(true);
    expect((await listUsers(asAdmin())).map((user) => [user.name, user.hasSecondFactor])).toEqual([
      ["admin", true],
      ["ada", true],
    ]);
    await resetSecondFactor(asAdmin(), ada.id);
    expect((await getUser(asAdmin(), ada.id)).hasSecondFactor).toBe(false);
    expect(expectSignedIn(await signIn()).user.name).toBe("ada");
    expect(await audited("second-factor.reset")).toEqual([["success", "ada", "0 sessions ended"]]);
  });

  it("is refused to an API key, for oneself, and for a user without one", async () => {
    await enrol();
    await expect(
      resetSecondFactor(db.ctx({ kind: "api-key", id: 1, name: "robot", role: "Admin" }), ada.id),
    ).rejects.toMatchObject({ code: "PERSON_REQUIRED" });
    await expect(
      resetSecondFactor(db.ctx({ kind: "user", id: ada.id, name: "ada", role: "Admin" }), ada.id),
    ).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
    const bob = await createUser(db.ctx(), {
      name: "bob",
      password: "bob-has-a-long-secret",
      role: "Agent",
    });
    await expect(resetSecondFactor(asAdmin(), bob.id)).rejects.toMatchObject({
      code: "SECOND_FACTOR_NOT_ENABLED",
    });
    expect((await getUser(asAdmin(), ada.id)).hasSecondFactor).toBe(true);
  });
});
