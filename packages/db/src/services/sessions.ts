import type { EntityManager, ObjectQuery } from "@mikro-orm/core";
import { AuthError, type Config, randomToken, sha256Hex } from "@pyroscope-auth/auth-core";
import { deleteInBatches } from "../batched-delete.js";
import { type SessionDto, toSessionDto } from "../dto.js";
import { Session } from "../entities/session.entity.js";
import { User } from "../entities/user.entity.js";
import type { ServiceContext, ServiceDeps } from "../service-deps.js";
import type { SessionRecord } from "../session-record.js";
import { ormRunner } from "../sql.js";
import { unlessStorageFull } from "./activity-write.js";
import { recordAudit } from "./audit.js";
import { inTransaction } from "./transaction.js";

const dayMs = 86_400_000;
/** A user's oldest active sessions are revoked beyond this many, so one account cannot fill the table. */
export const maxSessionsPerUser = 50;
/** lastSeenAt is written at most this often per session, not on every request. */
export const touchIntervalMs = 60_000;
/** Ended sessions are kept this long (for the owner's list and forensics), then deleted. */
const endedSessionRetentionMs = 7 * dayMs;
/** Beyond any number of sessions a user can have: OFFSET needs a LIMIT on every engine. */
const noLimit = Number.MAX_SAFE_INTEGER;

export interface NewSession {
  /** The 128-bit session id for the cookie. Returned once; only its digest is stored. */
  readonly token: string;
  /** The stored digest, which names the session from now on. */
  readonly id: string;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date | null;
}

const insertSession =
  'insert into "sessions" ("id", "user_id", "created_at", "last_seen_at", "expires_at", "revoked_at", "client_ip", "user_agent") values (?, ?, ?, ?, ?, null, ?, ?)';

/**
 * A fresh session for the user, and its row's values in insertSession's column order
 * (revoked_at, always null, left out).
 */
function newSession(ctx: ServiceContext, userId: number) {
  const now = ctx.deps.now();
  const lifetimeDays = ctx.deps.config["auth.login-maximum-lifetime-days"];
  const token = randomToken(16);
  const id = sha256Hex(token);
  const expiresAt = lifetimeDays > 0 ? new Date(now.getTime() + lifetimeDays * dayMs) : null;
  const session: NewSession = { token, id, lastSeenAt: now, expiresAt };
  const values = [
    id,
    userId,
    now,
    now,
    expiresAt,
    ctx.clientIp?.slice(0, 64) ?? null,
    ctx.userAgent?.slice(0, 512) ?? null,
  ];
  return { session, values };
}

/** Ends a user's active sessions beyond the newest maxSessionsPerUser (the last parameter). */
export const revokeBeyondCap =
  'update "sessions" set "revoked_at" = ? where "id" in (select "id" from "sessions" where "user_id" = ? and "revoked_at" is null order by "last_seen_at" desc, "created_at" desc limit ? offset ?)';

/**
 * What a sign-in writes besides its session and the user's lastSeenAt, in the session's
 * transaction: the `login.success` event (the actor is the user, as `ctx` says), and the end of
 * the user's oldest active sessions beyond maxSessionsPerUser (found through
 * sessions_active_index).
 */
async function recordSignIn(
  ctx: ServiceContext,
  em: EntityManager,
  user: { readonly id: number; readonly name: string },
  at: Date,
): Promise<void> {
  await recordAudit(ctx, { action: "login.success", outcome: "success", target: user.name }, em);
  await ormRunner(em).run(revokeBeyondCap, [at, user.id, noLimit, maxSessionsPerUser]);
}

/** Opens a session for the user, with the sign-in's bookkeeping (recordSignIn), in `em`'s transaction. */
export async function createSession(
  ctx: ServiceContext,
  user: { readonly id: number; readonly name: string },
  em: EntityManager,
): Promise<NewSession> {
  const { session, values } = newSession(ctx, user.id);
  const sql = ormRunner(em);
  await sql.run('update "users" set "last_seen_at" = ? where "id" = ?', [
    session.lastSeenAt,
    user.id,
  ]);
  await sql.run(insertSession, values);
  await recordSignIn(ctx, em, user, session.lastSeenAt);
  return session;
}

/** The account as a password check saw it. */
export interface CheckedAccount {
  readonly id: number;
  readonly name: string;
  readonly role: string;
  /** A new password moves it, a rehash of the same password does not. */
  readonly passwordChangedAt: Date;
}

/**
 * createSession for a sign-in, only if the account is still as the password check saw it: a
 * new password, rename, role change, disabling or deletion that lands during the hash wins, and
 * the sign-in gets no session (undefined), and nothing is written. Another sign-in's rehash of
 * the same password is no change.
 */
export async function createSessionIfUnchanged(
  ctx: ServiceContext,
  account: CheckedAccount,
): Promise<NewSession | undefined> {
  const { session, values } = newSession(ctx, account.id);
  return inTransaction(ctx, async (em) => {
    const sql = ormRunner(em);
    // The check is the user's lastSeenAt write, guarded: it changes the row only while the
    // account is as checked, and then holds it (a row lock, or SQLite's one writer) until the
    // commit, so a change that lands meanwhile waits for this sign-in or wins over it.
    const unchanged = await sql.run(
      'update "users" set "last_seen_at" = ? where "id" = ? and "name" = ? and "role" = ? and "password_changed_at" = ? and "is_disabled" = ?',
      [
        session.lastSeenAt,
        account.id,
        account.name,
        account.role,
        account.passwordChangedAt,
        false,
      ],
    );
    if (unchanged === 0) return undefined;
    await sql.run(insertSession, values);
    await recordSignIn(ctx, em, account, session.lastSeenAt);
    return session;
  });
}

/** When the session stops being valid: its absolute end or its idle end, whichever is first. */
export function sessionDeadline(
  session: Pick<Session, "lastSeenAt" | "expiresAt">,
  config: Config,
): Date | null {
  const inactiveDays = config["auth.login-maximum-inactive-days"];
  const idleEnd =
    inactiveDays > 0
      ? session.lastSeenAt.getTime() + inactiveDays * dayMs
      : Number.POSITIVE_INFINITY;
  const end = Math.min(idleEnd, session.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
  return Number.isFinite(end) ? new Date(end) : null;
}

export type ValidSession = SessionRecord;

/**
 * The session behind a cookie's id, checked against the database on every request: not
 * revoked, not expired or idle, and its user (joined in the same read) still enabled. A
 * deleted user takes its sessions with it (foreign key cascade).
 */
export async function validateSession(deps: ServiceDeps, token: string): Promise<ValidSession> {
  const session = await deps.database.reads.sessionByDigest(sha256Hex(token));
  if (!session || session.revokedAt) throw new AuthError("UNAUTHENTICATED");
  const deadline = sessionDeadline(session, deps.config);
  if (deadline && deadline.getTime() <= deps.now().getTime())
    throw new AuthError("SESSION_EXPIRED");
  if (session.user.isDisabled) throw new AuthError("USER_DISABLED");
  return session;
}

/**
 * Records activity at most once a minute, unless the disk is full: it moves the session's idle
 * end. Returns true when it wrote. `em` is asked for only when it writes: most requests do not.
 */
export async function touchSession(
  em: () => EntityManager,
  deps: ServiceDeps,
  session: ValidSession,
): Promise<boolean> {
  const now = deps.now();
  if (now.getTime() - session.lastSeenAt.getTime() < touchIntervalMs) return false;
  // One transaction: on a full disk, neither row moves.
  return unlessStorageFull(deps, () =>
    em().transactional(async (tx) => {
      await tx.nativeUpdate(Session, { id: session.id }, { lastSeenAt: now });
      await tx.nativeUpdate(User, { id: session.user.id }, { lastSeenAt: now });
    }),
  );
}

export async function listSessions(
  ctx: ServiceContext,
  userId: number,
  currentId?: string,
): Promise<SessionDto[]> {
  const sessions = await ctx.em.find(
    Session,
    { ...liveSessions(ctx.deps.config, ctx.deps.now()), user: userId },
    { orderBy: { lastSeenAt: "desc" } },
  );
  return sessions.map((session) => toSessionDto(session, currentId));
}

/**
 * Ends an active session matching `where` and records `action` against its user, in one
 * transaction; false when there was none.
 */
export async function endAudited(
  ctx: ServiceContext,
  where: { id: string; user?: number },
  action: string,
): Promise<boolean> {
  return inTransaction(ctx, async (em) => {
    const session = await em.findOne(
      Session,
      { ...where, revokedAt: null },
      { populate: ["user"] },
    );
    if (!session) return false;
    session.revokedAt = ctx.deps.now();
    await recordAudit(ctx, { action, outcome: "success", target: session.user.name }, em);
    return true;
  });
}

/** Ends one of the user's own sessions; another user's session is "not found", not "forbidden". */
export async function revokeSession(
  ctx: ServiceContext,
  userId: number,
  sessionId: string,
): Promise<void> {
  if (!(await endAudited(ctx, { id: sessionId, user: userId }, "session.revoke")))
    throw new AuthError("SESSION_NOT_FOUND");
}

/**
 * Sessions not yet ended at `now`: neither revoked nor past their sessionDeadline. The same
 * rule as validateSession's, as a query.
 */
function liveSessions(config: Config, now: Date): ObjectQuery<Session> {
  const live: ObjectQuery<Session> = {
    revokedAt: null,
    $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }],
  };
  const inactiveDays = config["auth.login-maximum-inactive-days"];
  if (inactiveDays <= 0) return live;
  return { ...live, lastSeenAt: { $gt: new Date(now.getTime() - inactiveDays * dayMs) } };
}

/**
 * Ends every session that `scope` names (all of them when it names none); returns how many were
 * live. Those already past their deadline are revoked too, so that a longer deadline set later
 * revives none of them, but not counted: nobody was signed out of them. Does not flush.
 */
export async function revokeSessions(
  em: EntityManager,
  deps: Pick<ServiceDeps, "config">,
  now: Date,
  scope: ObjectQuery<Session> = {},
): Promise<number> {
  const live = await em.count(Session, { ...liveSessions(deps.config, now), ...scope });
  await em.nativeUpdate(Session, { ...scope, revokedAt: null }, { revokedAt: now });
  return live;
}

/** Ends every session of the user but `exceptId` (see revokeSessions); returns how many were live. */
export async function revokeUserSessions(
  em: EntityManager,
  deps: Pick<ServiceDeps, "config">,
  userId: number,
  now: Date,
  exceptId?: string,
): Promise<number> {
  const others = exceptId ? { id: { $ne: exceptId } } : {};
  return revokeSessions(em, deps, now, { user: userId, ...others });
}

export async function revokeOtherSessions(
  ctx: ServiceContext,
  user: { readonly id: number; readonly name: string },
  currentId: string,
): Promise<number> {
  return inTransaction(ctx, async (em) => {
    const count = await revokeUserSessions(em, ctx.deps, user.id, ctx.deps.now(), currentId);
    const detail = `${count} sessions`;
    await recordAudit(
      ctx,
      { action: "session.revoke-others", outcome: "success", target: user.name, detail },
      em,
    );
    return count;
  });
}

/** Ends the session behind a cookie. Unknown or already ended: nothing to do. */
export async function endSession(ctx: ServiceContext, sessionId: string): Promise<void> {
  await ctx.em.nativeUpdate(
    Session,
    { id: sessionId, revokedAt: null },
    { revokedAt: ctx.deps.now() },
  );
}

/**
 * A logout: ends the session and says so in the audit trail, as a sign-in is. (A sign-in that
 * replaces the browser's previous session ends it with endSession: nobody logged out.) Unknown
 * or already ended: nothing to do.
 */
export async function logOut(ctx: ServiceContext, sessionId: string): Promise<void> {
  await endAudited(ctx, { id: sessionId }, "logout");
}

/** Deletes sessions that ended more than a week ago, in batches (see batched-delete.ts). */
export async function purgeEndedSessions(em: EntityManager, deps: ServiceDeps): Promise<number> {
  const cutoff = deps.now().getTime() - endedSessionRetentionMs;
  const inactiveDays = deps.config["auth.login-maximum-inactive-days"];
  const ended = ['"revoked_at" < ?', '"expires_at" < ?'];
  const params = [new Date(cutoff), new Date(cutoff)];
  if (inactiveDays > 0) {
    ended.push('"last_seen_at" < ?');
    params.push(new Date(cutoff - inactiveDays * dayMs));
  }
  return deleteInBatches(em, deps.database.engine, "sessions", ended.join(" or "), params, {
    indexed: false,
  });
}
