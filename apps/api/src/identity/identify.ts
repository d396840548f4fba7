import { AuthError, isAuthError } from "@pyroscope-auth/auth-core";
import {
  type ServiceContext,
  sessionDeadline,
  toApiKeyDto,
  touchSession,
  validateApiKey,
  validateSession,
} from "@pyroscope-auth/db";
import type { AppServices } from "../app-services.js";
import type { HttpExchange } from "../http/http-exchange.js";
import type { ApiKeyCache } from "./api-key-cache.js";
import { presentedCredential } from "./credentials.js";
import type { Principal } from "./principal.js";
import { clearSessionCookie, setSessionCookie } from "./session-cookie.js";

/** One request's EntityManager fork. */
type EntityManager = ServiceContext["em"];

export interface IdentifyOptions {
  /** The gateway's cache of validated keys; without it every key is looked up. */
  readonly apiKeys?: ApiKeyCache | undefined;
}

/**
 * DESIGN.md rule 4: the signature (HS256 pinned), then the session row (not revoked, not idle or
 * expired), then the user (exists, enabled, role unchanged) on every request.
 */
async function fromSessionCookie(
  services: AppServices,
  http: HttpExchange,
  em: () => EntityManager,
  cookie: string,
): Promise<Principal> {
  const { config, deps, hotPath, tokens } = services;
  const claims = await tokens.verify(cookie, deps.now());
  if (!claims) throw new AuthError("UNAUTHENTICATED");
  const session = await validateSession(hotPath, deps, claims.sessionId);
  if (session.user.id !== claims.userId || session.user.role !== claims.role)
    throw new AuthError("UNAUTHENTICATED");
  if (await touchSession(em, deps, session)) {
    // Activity moved the idle deadline: re-issue the cookie so that it does not expire first.
    const now = deps.now();
    await setSessionCookie(
      http,
      config,
      tokens,
      claims,
      now,
      sessionDeadline({ ...session, lastSeenAt: now }, config),
    );
  }
  return { kind: "user", user: session.user, session, sessionToken: claims.sessionId };
}

/**
 * Who is calling (see credentials.ts for the order credentials are taken in), or AuthError
 * UNAUTHENTICATED with the reason as its message. The tRPC procedures and the gateway both ask
 * here, so that a credential means the same on every route. `em` is asked for only when the
 * database must be written or read through the ORM (a session's last use, an API key).
 */
export async function identify(
  services: AppServices,
  http: HttpExchange,
  em: () => EntityManager,
  { apiKeys }: IdentifyOptions = {},
): Promise<Principal> {
  const credential = presentedCredential(http.cookies, http.authorization);
  switch (credential.kind) {
    case "none":
      throw new AuthError("UNAUTHENTICATED");
    case "unreadable":
      throw new AuthError("UNAUTHENTICATED", credential.reason);
    case "api-key": {
      const apiKey = apiKeys
        ? await apiKeys.validate(em, services.deps, credential.key)
        : toApiKeyDto(await validateApiKey(em(), services.deps, credential.key));
      return { kind: "api-key", apiKey };
    }
    case "session":
      try {
        return await fromSessionCookie(services, http, em, credential.token);
      } catch (error) {
        // A dead cookie is cleared so the browser stops sending it; "user disabled" and "session
        // expired" keep their message but mean "sign in again" here, not "forbidden".
        if (!isAuthError(error)) throw error;
        clearSessionCookie(http, services.config);
        throw new AuthError("UNAUTHENTICATED", error.message);
      }
  }
}
