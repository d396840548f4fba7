import { sha256Hex } from "@pyroscope-auth/auth-core";
import { deviceSubject, endSession, type SignedIn, type UserDto } from "@pyroscope-auth/db";
import { setDeviceCookie } from "../../identity/device-cookie.js";
import { setSessionCookie } from "../../identity/session-cookie.js";
import { sessionCookieName } from "../../identity/session-token.js";
import { type Context, serviceContext } from "../../trpc/context.js";

/**
 * Hands a freshly opened session to the browser as its cookie, ending the session the browser
 * held before (if any), with a fresh device cookie for the account, and returns the user to show.
 */
export async function startSession(ctx: Context, { user, session }: SignedIn): Promise<UserDto> {
  const { config, deps, devices, tokens } = ctx.services;
  const previous = ctx.http.cookies[sessionCookieName];
  const previousClaims = previous
    ? await tokens.verify(previous, deps.now()).catch(() => undefined)
    : undefined;
  if (previousClaims) await endSession(serviceContext(ctx), sha256Hex(previousClaims.sessionId));
  const claims = { userId: user.id, sessionId: session.token, name: user.name, role: user.role };
  // The cookie (and its token) last until the session's absolute end; its idle end is the
  // server's to enforce (see identity/identify.ts).
  await setSessionCookie(ctx.http, config, tokens, claims, deps.now(), session.expiresAt);
  setDeviceCookie(ctx.http, config, devices, deviceSubject(user), deps.now());
  return user;
}
