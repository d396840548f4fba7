import { AuthError, isAuthError } from "@pyroscope-auth/auth-core";
import {
  type Actor,
  type ApiKeyDto,
  sessionDeadline,
  toApiKeyDto,
  touchSession,
  type UserDto,
  type ValidSession,
  validateApiKey,
  validateSession,
} from "@pyroscope-auth/db";
import { clearSessionCookie, setSessionCookie } from "../http/session-cookie.js";
import { sessionCookieName } from "../http/session-token.js";
import type { Context } from "./context.js";

/** Who is calling: a person with a session cookie, or an API key. */
export type Principal =
  | {
      readonly kind: "user";
      readonly user: UserDto;
      readonly session: ValidSession;
      readonly sessionToken: string;
    }
  | { readonly kind: "api-key"; readonly apiKey: ApiKeyDto };

async function fromApiKey(ctx: Context, key: string): Promise<Principal> {
  const apiKey = await validateApiKey(ctx.em, ctx.services.deps, key);
  return { kind: "api-key", apiKey: toApiKeyDto(apiKey) };
}

/**
 * DESIGN.md rule 4: the signature (HS256 pinned), then the session row (not revoked, not idle or
 * expired), then the user (exists, enabled, role unchanged) on every request.
 */
async function fromSessionCookie(ctx: Context, cookie: string): Promise<Principal> {
  const { config, deps, hotPath, tokens } = ctx.services;
  const claims = await tokens.verify(cookie, deps.now());
  if (!claims) throw new AuthError("UNAUTHENTICATED");
  const session = await validateSession(hotPath, deps, claims.sessionId);
  if (session.user.id !== claims.userId || session.user.role !== claims.role)
    throw new AuthError("UNAUTHENTICATED");
  if (await touchSession(ctx.em, deps, session)) {
    // Activity moved the idle deadline: re-issue the cookie so that it does not expire first.
    const now = deps.now();
    await setSessionCookie(
      ctx.http,
      config,
      tokens,
      claims,
      now,
      sessionDeadline({ ...session, lastSeenAt: now }, config),
    );
  }
  return { kind: "user", user: session.user, session, sessionToken: claims.sessionId };
}

/** Who is calling, or AuthError (UNAUTHENTICATED, with the reason as its message). */
export async function identify(ctx: Context): Promise<Principal> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(ctx.http.authorization ?? "")?.[1];
  if (bearer) return fromApiKey(ctx, bearer);
  const cookie = ctx.http.cookies[sessionCookieName];
  if (!cookie) throw new AuthError("UNAUTHENTICATED");
  try {
    return await fromSessionCookie(ctx, cookie);
  } catch (error) {
    // A dead cookie is cleared so the browser stops sending it; "user disabled" and "session
    // expired" keep their message but mean "sign in again" here, not "forbidden".
    if (!isAuthError(error)) throw error;
    clearSessionCookie(ctx.http, ctx.services.config);
    throw new AuthError("UNAUTHENTICATED", error.message);
  }
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === "user"
    ? { kind: "user", id: principal.user.id, name: principal.user.name, role: principal.user.role }
    : {
        kind: "api-key",
        id: principal.apiKey.id,
        name: principal.apiKey.name,
        role: principal.apiKey.role,
      };
}

/**
 * The caller as a user object. An API key is shown as a user of its name and role, marked
 * external (it has no password and no account of its own).
 */
export function principalUser(principal: Principal): UserDto {
  if (principal.kind === "user") return principal.user;
  const { apiKey } = principal;
  return {
    id: apiKey.id,
    name: apiKey.name,
    email: null,
    fullName: null,
    role: apiKey.role,
    isDisabled: false,
    isExternal: true,
    mustChangePassword: false,
    passwordChangedAt: apiKey.createdAt,
    lastSeenAt: apiKey.lastSeenAt,
    createdAt: apiKey.createdAt,
    updatedAt: apiKey.createdAt,
  };
}
