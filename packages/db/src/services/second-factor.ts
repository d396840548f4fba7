import type { EntityManager } from "@mikro-orm/core";
import {
  AuthError,
  createRecoveryCodes,
  createTotpSecret,
  isSecondFactorRequired,
  matchTotp,
  type Role,
  randomToken,
  recoveryCodeDigest,
  sha256Hex,
  totpKeyUri,
} from "@pyroscope-auth/auth-core";
import { deleteInBatches } from "../batched-delete.js";
import { LoginChallenge } from "../entities/login-challenge.entity.js";
import { RecoveryCode } from "../entities/recovery-code.entity.js";
import { TotpFactor } from "../entities/totp-factor.entity.js";
import type { ServiceContext, ServiceDeps } from "../service-deps.js";
import { ormRunner } from "../sql.js";
import { recordAudit } from "./audit.js";
import { hashQueueOwner } from "./client-network.js";
import { confirmedFactor, hasSecondFactor } from "./second-factor-state.js";
import { revokeUserSessions } from "./sessions.js";
import { throttledCheck } from "./throttled-check.js";
import { inTransaction } from "./transaction.js";
import { findUser, findUserToChange, refuseApiKey, refuseSelf } from "./users.js";

// Not in the original: a second factor (TOTP, RFC 6238, with single-use recovery codes). Once
// confirmed, a sign-in's password opens no session, only a short-lived, single-use challenge
// that a code turns into one (see completeSignIn).

/** How long a sign-in waits for its second step. */
export const challengeLifetimeMs = 5 * 60_000;
/** The issuer an authenticator app shows beside the account. */
const issuer = "Pyroscope";

interface Person {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
}

export interface SecondFactorStatus {
  readonly enabled: boolean;
  readonly recoveryCodesLeft: number;
  /** Whether the person's role requires it (auth.internal.totp.required-roles): it stays on. */
  readonly required: boolean;
}

const requiredFor = (ctx: ServiceContext, user: Person) =>
  isSecondFactorRequired(user.role, ctx.deps.config["auth.internal.totp.required-roles"]);

export async function secondFactorStatus(
  ctx: ServiceContext,
  user: Person,
): Promise<SecondFactorStatus> {
  const enabled = await hasSecondFactor(ctx.em, user.id);
  const recoveryCodesLeft = enabled
    ? await ctx.em.count(RecoveryCode, { user: user.id, usedAt: null })
    : 0;
  return { enabled, recoveryCodesLeft, required: requiredFor(ctx, user) };
}

/**
 * Starts setting up an authenticator app: a new secret, to show once as text and QR code. Sign-in
 * does not ask for it until a first code confirms it (confirmTotp); starting again replaces it.
 */
export async function beginTotp(
  ctx: ServiceContext,
  user: Pick<Person, "id" | "name">,
): Promise<{ secret: string; uri: string }> {
  // Off means no new set-ups; the apps already set up still count, so turning the key off
  // weakens nobody's sign-in.
  if (!ctx.deps.config["auth.internal.totp.enabled"]) throw new AuthError("SECOND_FACTOR_DISABLED");
  const secret = createTotpSecret();
  await inTransaction(ctx, async (em) => {
    const factor = await em.findOne(TotpFactor, { user: user.id });
    if (factor?.confirmedAt) throw new AuthError("SECOND_FACTOR_ENABLED");
    if (factor) em.remove(factor);
    await em.flush();
    em.create(TotpFactor, {
      user: user.id,
      secret,
      confirmedAt: null,
      lastStep: null,
      createdAt: ctx.deps.now(),
    });
  });
  return { secret, uri: totpKeyUri(secret, issuer, user.name) };
}

/** Confirms the app with a first code; returns the recovery codes, the only time they are shown. */
export async function confirmTotp(
  ctx: ServiceContext,
  user: Pick<Person, "id" | "name">,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const recoveryCodes = createRecoveryCodes();
  await inTransaction(ctx, async (em) => {
    const factor = await em.findOne(TotpFactor, { user: user.id });
    if (!factor) throw new AuthError("SECOND_FACTOR_NOT_STARTED");
    if (factor.confirmedAt) throw new AuthError("SECOND_FACTOR_ENABLED");
    const step = matchTotp(factor.secret, code, ctx.deps.now(), null);
    if (step === undefined) throw new AuthError("SECOND_FACTOR_INVALID");
    factor.confirmedAt = ctx.deps.now();
    factor.lastStep = step;
    await em.nativeDelete(RecoveryCode, { user: user.id });
    for (const recovery of recoveryCodes)
      em.create(RecoveryCode, {
        user: user.id,
        digest: recoveryCodeDigest(recovery),
        usedAt: null,
      });
    await recordAudit(
      ctx,
      { action: "second-factor.enable", outcome: "success", target: user.name },
      em,
    );
  });
  return { recoveryCodes };
}

/**
 * Uses a code of the user's second factor: an authenticator code newer than the last accepted,
 * or an unused recovery code. Each works once, also when two requests bring it at the same time:
 * the write that uses it is conditional on nobody having used it first.
 */
async function useCode(ctx: ServiceContext, userId: number, code: string): Promise<boolean> {
  const sql = ormRunner(ctx.em);
  const factor = await confirmedFactor(ctx.em, userId);
  if (!factor) return false;
  const step = matchTotp(factor.secret, code, ctx.deps.now(), factor.lastStep ?? null);
  if (step !== undefined) {
    const used = await sql.run(
      'update "totp_factors" set "last_step" = ? where "user_id" = ? and coalesce("last_step", -1) = ?',
      [step, userId, factor.lastStep ?? -1],
    );
    return used > 0;
  }
  const used = await sql.run(
    'update "recovery_codes" set "used_at" = ? where "user_id" = ? and "digest" = ? and "used_at" is null',
    [ctx.deps.now(), userId, recoveryCodeDigest(code)],
  );
  return used > 0;
}

/**
 * Turns the second factor off; needs a code (or a recovery code) and the password. Never for a
 * role that requires one: a stolen password and phone together could otherwise leave the
 * account on a password alone (an admin's reset, for a lost phone, is audited instead).
 */
export async function disableSecondFactor(
  ctx: ServiceContext,
  user: Person,
  { password, code }: { password: string; code: string },
): Promise<void> {
  if (requiredFor(ctx, user)) throw new AuthError("SECOND_FACTOR_REQUIRED");
  if (!(await hasSecondFactor(ctx.em, user.id))) throw new AuthError("SECOND_FACTOR_NOT_ENABLED");
  const account = await findUser(ctx.em, user.id);
  // The code first: a right one forgives the attempt, so the password after it must not be
  // what resets the count of wrong codes.
  await throttledCheck(ctx, user.name, () => useCode(ctx, user.id, code), {
    action: "second-factor.disable",
    detail: "wrong code",
    code: "SECOND_FACTOR_INVALID",
  });
  await throttledCheck(
    ctx,
    user.name,
    () => ctx.deps.hasher.verify(account.passwordHash, password, hashQueueOwner(ctx)),
    { action: "second-factor.disable", detail: "wrong password", code: "INVALID_PASSWORD" },
  );
  await inTransaction(ctx, async (em) => {
    await deleteSecondFactor(em, user.id);
    await recordAudit(
      ctx,
      { action: "second-factor.disable", outcome: "success", target: user.name },
      em,
    );
  });
}

/** Deletes the user's app and recovery codes, in `em`'s transaction. */
async function deleteSecondFactor(em: EntityManager, userId: number): Promise<void> {
  await em.nativeDelete(TotpFactor, { user: userId });
  await em.nativeDelete(RecoveryCode, { user: userId });
}

/** A sign-in's first step passed: the challenge its second step brings back (the token, once). */
export async function createChallenge(
  ctx: ServiceContext,
  user: { readonly id: number; readonly passwordChangedAt: Date },
): Promise<string> {
  const token = randomToken(16);
  const now = ctx.deps.now();
  await ormRunner(ctx.em).run(
    'insert into "login_challenges" ("id", "user_id", "password_changed_at", "created_at", "expires_at", "used_at") values (?, ?, ?, ?, ?, null)',
    [
      sha256Hex(token),
      user.id,
      user.passwordChangedAt,
      now,
      new Date(now.getTime() + challengeLifetimeMs),
    ],
  );
  return token;
}

/** The challenge behind a token, while it can still be completed. */
export async function openChallenge(ctx: ServiceContext, token: string) {
  const challenge = await ctx.em.findOne(
    LoginChallenge,
    { id: sha256Hex(token), usedAt: null },
    { populate: ["user"] },
  );
  if (!challenge || challenge.expiresAt.getTime() <= ctx.deps.now().getTime())
    throw new AuthError("SECOND_FACTOR_EXPIRED");
  return challenge;
}

/**
 * The second step's check, throttled with the account's failed logins (per account and
 * address): whether `code` is one of the user's. A wrong code is audited as a failed login.
 */
export async function checkSecondStep(
  ctx: ServiceContext,
  user: Person,
  code: string,
): Promise<void> {
  await throttledCheck(ctx, user.name, () => useCode(ctx, user.id, code), {
    action: "login.failure",
    detail: "wrong second factor",
    code: "SECOND_FACTOR_INVALID",
  });
}

/** Marks the challenge used; false when another request used it first. */
export async function useChallenge(ctx: ServiceContext, id: string): Promise<boolean> {
  const used = await ormRunner(ctx.em).run(
    'update "login_challenges" set "used_at" = ? where "id" = ? and "used_at" is null',
    [ctx.deps.now(), id],
  );
  return used > 0;
}

/** Deletes the challenges past their end, used or not (see batched-delete.ts). */
export async function purgeEndedChallenges(em: EntityManager, deps: ServiceDeps): Promise<number> {
  return deleteInBatches(
    em,
    deps.database.engine,
    "login_challenges",
    '"expires_at" < ?',
    [deps.now()],
    { indexed: false },
  );
}

/**
 * An admin removes a user's second factor (a lost phone): their next sign-in asks for the
 * password alone. Audited; the user's sessions end, as for a new password.
 */
export async function resetSecondFactor(ctx: ServiceContext, userId: number): Promise<void> {
  refuseApiKey(ctx);
  // One's own is turned off in Settings, with a code: a stolen session must not do it alone.
  refuseSelf(ctx, userId);
  await inTransaction(ctx, async (em) => {
    const user = await findUserToChange(ctx.deps, em, userId);
    if (!(await hasSecondFactor(em, userId))) throw new AuthError("SECOND_FACTOR_NOT_ENABLED");
    await deleteSecondFactor(em, userId);
    const ended = await revokeUserSessions(em, ctx.deps, userId, ctx.deps.now());
    await recordAudit(
      ctx,
      {
        action: "second-factor.reset",
        outcome: "success",
        target: user.name,
        detail: `${ended} sessions ended`,
      },
      em,
    );
  });
}
