import type { Config } from "@pyroscope-auth/auth-core";
import type { CookieOptions, HttpExchange } from "../trpc/context.js";
import { type SessionClaims, type SessionTokens, sessionCookieName } from "./session-token.js";

function cookieOptions(config: Config, expires?: Date): CookieOptions {
  const sameSite = config["auth.cookie-same-site"];
  return {
    httpOnly: true,
    // Also true with SameSite=None: the config loader forces it, as browsers require.
    secure: config["auth.cookie-secure"],
    sameSite: sameSite === "None" ? "none" : sameSite === "Strict" ? "strict" : "lax",
    path: "/",
    ...(expires ? { expires } : {}),
  };
}

/** Signs the session's JWT and sets it as the `pyroscopeJWT` cookie, expiring with the session. */
export async function setSessionCookie(
  http: HttpExchange,
  config: Config,
  tokens: SessionTokens,
  claims: SessionClaims,
  now: Date,
  deadline: Date | null,
): Promise<void> {
  const { token, expires } = await tokens.sign(claims, now, deadline);
  http.setCookie(sessionCookieName, token, cookieOptions(config, expires));
}

export function clearSessionCookie(http: HttpExchange, config: Config): void {
  http.clearCookie(sessionCookieName, cookieOptions(config));
}
