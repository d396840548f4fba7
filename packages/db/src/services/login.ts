import {
  AuthError,
  loginInputSchema,
  parseInput,
  secondStepInputSchema,
} from "@pyroscope-auth/auth-core";
import { toUserDto, type UserDto } from "../dto.js";
import type { ServiceContext } from "../service-deps.js";
import { ormRunner, storableText } from "../sql.js";
import { recordAudit } from "./audit.js";
import { hashQueueOwner } from "./client-network.js";
import { admitLoginAttempt, admitLookup, admitSignUp } from "./login-throttle.js";
import { checkSecondStep, createChallenge, openChallenge, useChallenge } from "./second-factor.js";
import { hasSecondFactor } from "./second-factor-state.js";
import { createSession, createSessionIfUnchanged, type NewSession } from "./sessions.js";
import { inTransaction } from "./transaction.js";
import { addUser, isTakenConflict, nameConflictFirst, prepareNewUser } from "./users.js";

/**
 * What a device cookie is bound to (see DeviceTokens): the account's id and the time its
 * password was last set, so that a new password, or another account under the same name,
 * knows none of the devices issued before.
 */
export function deviceSubject(user: Pick<UserDto, "id" | "passwordChangedAt">): string {
  return `${user.id}:${Date.parse(user.passwordChangedAt)}`;
}

export interface SignedIn {
  readonly user: UserDto;
  readonly session: NewSession;
}

/** A password accepted for an account with a second factor: no session yet, a challenge. */
export interface SecondStepNeeded {
  readonly user: UserDto;
  /** The token completeSignIn takes back with a code, once, within challengeLifetimeMs. */
  readonly challenge: string;
}

function requireInternalAuth(ctx: ServiceContext) {
  if (!ctx.deps.config["auth.internal.enabled"]) throw new AuthError("INTERNAL_AUTH_DISABLED");
}

function asUser(ctx: ServiceContext, user: UserDto): ServiceContext {
  return { ...ctx, actor: { kind: "user", id: user.id, name: user.name, role: user.role } };
}

/** Records a refused sign-in in the audit trail and throws the answer the client gets. */
async function refuse(
  ctx: ServiceContext,
  username: string,
  code: "INVALID_CREDENTIALS" | "USER_DISABLED",
  detail: string,
): Promise<never> {
  const outcome = code === "USER_DISABLED" ? "denied" : "failure";
  await recordAudit(ctx, { action: "login.failure", outcome, target: username, detail });
  throw new AuthError(code);
}

/**
 * Checks a name and password and opens a session (DESIGN.md security rules 1-3). Unknown
 * name and wrong password take the same time and give the same answer; `user disabled` is
 * told only to someone who knows the password. The product's hot path: one fast read, the
 * throttle's transaction, the hash, and the session's transaction with its bookkeeping (see
 * createSessionIfUnchanged), and on success the throttle's forgiveness.
 */
export async function logIn(
  ctx: ServiceContext,
  input: unknown,
  /** The device the client's device cookie names for the account's `deviceSubject`, if any. */
  knownDevice: (subject: string) => string | undefined = () => undefined,
): Promise<SignedIn | SecondStepNeeded> {
  requireInternalAuth(ctx);
  const parsed = parseInput(loginInputSchema, input);
  const password = parsed.password;
  // No account is named with a NUL; the name is still counted and audited, as typed otherwise.
  const username = storableText(parsed.username);
  const found = await ctx.deps.database.reads.userForSignIn(username);
  const device = found ? knownDevice(deviceSubject(found.user)) : undefined;
  const attempt = await admitLoginAttempt(ctx, username, ctx.clientIp ?? "unknown", { device });
  const hash = found?.passwordHash ?? "";
  const owner = hashQueueOwner(ctx);
  const matches = await attempt.check(() =>
    hash
      ? ctx.deps.hasher.verify(hash, password, owner)
      : ctx.deps.hasher.dummyVerify(password, owner),
  );
  if (!found || !matches)
    return refuse(ctx, username, "INVALID_CREDENTIALS", found ? "wrong password" : "unknown user");
  const { user } = found;
  const secondStep = !user.isDisabled && (await hasSecondFactor(ctx.em, user.id));
  // A right password is forgiven with the whole sign-in: for an account with a second factor,
  // only once its code is right too (checkSecondStep), so that knowing the password buys no
  // fresh start at guessing codes.
  if (!secondStep) await attempt.succeeded();
  if (user.isDisabled) return refuse(ctx, username, "USER_DISABLED", "user disabled");
  if (ctx.deps.hasher.needsRehash(hash)) {
    const rehashed = await ctx.deps.hasher.hash(password, owner);
    // Only over the hash that was checked: a new password set meanwhile must not be undone (and
    // another sign-in may have rehashed it already).
    const stored = await ormRunner(ctx.em).run(
      'update "users" set "password_hash" = ? where "id" = ? and "password_hash" = ?',
      [rehashed, user.id, hash],
    );
    if (stored > 0) {
      await recordAudit(asUser(ctx, user), {
        action: "user.password.rehash",
        outcome: "success",
        target: user.name,
      });
    }
  }
  const checked = { ...user, passwordChangedAt: new Date(user.passwordChangedAt) };
  if (secondStep) return { user, challenge: await createChallenge(ctx, checked) };
  return openSession(ctx, user, checked);
}

/** The session of a sign-in whose checks passed, if the account is still as they saw it. */
async function openSession(
  ctx: ServiceContext,
  user: UserDto,
  checked: Parameters<typeof createSessionIfUnchanged>[1],
): Promise<SignedIn> {
  const session = await createSessionIfUnchanged(asUser(ctx, user), checked);
  if (!session)
    return refuse(ctx, user.name, "INVALID_CREDENTIALS", "account changed during sign-in");
  return { user: { ...user, lastSeenAt: session.lastSeenAt.toISOString() }, session };
}

/**
 * A sign-in's second step: the challenge from logIn and a code of the user's second factor
 * (see second-factor.ts). A wrong code counts as a failed login, and the challenge stays
 * until it expires; a right one uses the challenge up and opens the session.
 */
export async function completeSignIn(ctx: ServiceContext, input: unknown): Promise<SignedIn> {
  requireInternalAuth(ctx);
  const { challenge: token, code } = parseInput(secondStepInputSchema, input);
  const challenge = await openChallenge(ctx, token);
  const user = toUserDto(challenge.user);
  await checkSecondStep(ctx, user, code);
  if (!(await useChallenge(ctx, challenge.id))) throw new AuthError("SECOND_FACTOR_EXPIRED");
  if (user.isDisabled) return refuse(ctx, user.name, "USER_DISABLED", "user disabled");
  return openSession(ctx, user, { ...user, passwordChangedAt: challenge.passwordChangedAt });
}

/** Self sign-up, when enabled: the role is `auth.signup-default-role`, and the user is signed in. */
export async function signUp(ctx: ServiceContext, input: unknown): Promise<SignedIn> {
  requireInternalAuth(ctx);
  if (!ctx.deps.config["auth.internal.signup-enabled"]) throw new AuthError("SIGNUP_DISABLED");
  const fields = parseInput(ctx.deps.schemas.signupInputSchema, input);
  const clientIp = ctx.clientIp ?? "unknown";
  const admission = await admitSignUp(ctx, fields.name, clientIp);
  // "Already exists" tells a stranger that an account is there: throttled as failed logins are.
  const lookup = await admitLookup(ctx, "signup", clientIp);
  try {
    const passwordHash = await admission.check(() => prepareNewUser(ctx, fields));
    const role = ctx.deps.config["auth.signup-default-role"];
    const signedIn = await nameConflictFirst(ctx, fields.name, () =>
      inTransaction(ctx, async (em) => {
        const created = await addUser(ctx, em, { ...fields, role }, passwordHash, "user.signup");
        await em.flush();
        const user = toUserDto(created);
        const session = await createSession(asUser(ctx, user), user, em);
        return { user: { ...user, lastSeenAt: session.lastSeenAt.toISOString() }, session };
      }),
    );
    await lookup.settle(false);
    return signedIn;
  } catch (error) {
    await lookup.settle(isTakenConflict(error));
    throw error;
  }
}
