import { AuthError } from "@pyroscope-auth/auth-core";
import type { SessionDto } from "../dto.js";
import type { ServiceContext } from "../service-deps.js";
import { recordAudit } from "./audit.js";
import { endAudited, listSessions, revokeSessions, revokeUserSessions } from "./sessions.js";
import { inTransaction } from "./transaction.js";
import { findUser, findUserToChange } from "./users.js";

// Not in the original: administrators see and end any user's sessions without disabling the
// account (OWASP ASVS 5.0 7.4.5). Sessions are checked against the database on every request,
// so an ended one stops at its next request, on every replica.

/** A user's active sessions, most recently used first; `currentId` is the caller's own. */
export async function listUserSessions(
  ctx: ServiceContext,
  userId: number,
  currentId?: string,
): Promise<SessionDto[]> {
  await findUser(ctx.em, userId);
  return listSessions(ctx, userId, currentId);
}

/** Ends one session of the user; a session of someone else is "session not found". */
export async function endUserSession(
  ctx: ServiceContext,
  userId: number,
  sessionId: string,
): Promise<void> {
  await findUser(ctx.em, userId);
  if (!(await endAudited(ctx, { id: sessionId, user: userId }, "session.end")))
    throw new AuthError("SESSION_NOT_FOUND");
}

/**
 * Ends every session of the user; returns how many. The user's row is locked first, so a
 * sign-in in progress either waits and gets its session after, or had it ended here.
 */
export async function endUserSessions(ctx: ServiceContext, userId: number): Promise<number> {
  return inTransaction(ctx, async (em) => {
    const user = await findUserToChange(ctx.deps, em, userId);
    const count = await revokeUserSessions(em, ctx.deps, user.id, ctx.deps.now());
    await recordAudit(
      ctx,
      {
        action: "session.end-all",
        outcome: "success",
        target: user.name,
        detail: `${count} sessions`,
      },
      em,
    );
    return count;
  });
}

/** Ends the sessions of every user (the CLI's `logout --all-users`); returns how many were live. */
export async function endEverySession(ctx: ServiceContext): Promise<number> {
  return inTransaction(ctx, async (em) => {
    const count = await revokeSessions(em, ctx.deps, ctx.deps.now());
    await recordAudit(
      ctx,
      { action: "session.end-all", outcome: "success", detail: `${count} sessions of every user` },
      em,
    );
    return count;
  });
}
