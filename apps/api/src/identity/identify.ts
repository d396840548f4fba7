import { AuthError, isAuthError, mustSetUpSecondFactor } from "@pyroscope-auth/auth-core";
import {
  type ServiceContext,
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
import { clearSessionCookie } from "./session-cookie.js";

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
  em: () => EntityManager,
  cookie: string,
): Promise<Principal> {
  const { deps, tokens } = services;
  const claims = await tokens.verify(cookie, deps.now());
  if (!claims) throw new AuthError("UNAUTHENTICATED");
  const session = await validateSession(deps, claims.sessionId);
  if (session.user.id !== claims.userId || session.user.role !== claims.role)
    throw new AuthError("UNAUTHENTICATED");
  // The idle end moves on the server only: the cookie lasts the session's whole life, so that
  // a person seen only through a proxy's forward-auth (whose answers' cookies no browser gets)
  // stays signed in while active.
  await touchSession(em, deps, session);
  return {
    kind: "user",
    user: session.user,
    session,
    sessionToken: claims.sessionId,
    mustSetUpSecondFactor: mustSetUpSecondFactor(
      { role: session.user.role, hasSecondFactor: session.hasSecondFactor },
      services.config["auth.internal.totp.required-roles"],
    ),
  };
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
        return await fromSessionCookie(services, em, credential.token);
      } catch (error) {
        // A dead cookie is cleared so the browser stops sending it; "user disabled" and "session
        // expired" keep their message but mean "sign in again" here, not "forbidden".
        if (!isAuthError(error)) throw error;
        clearSessionCookie(http, services.config);
        throw new AuthError("UNAUTHENTICATED", error.message);
      }
  }
}
