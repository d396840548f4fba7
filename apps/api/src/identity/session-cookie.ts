import type { Config } from "@pyroscope-auth/auth-core";
import type { CookieOptions, HttpExchange } from "../http/http-exchange.js";
import { type SessionClaims, type SessionTokens, sessionCookieName } from "./session-token.js";

/**
 * Whether the session cookie is marked Secure: as configured (forced with SameSite=None by the
 * config loader, as browsers require), and always when this server speaks only HTTPS.
 */
export function cookiesSecure(config: Config): boolean {
  return config["auth.cookie-secure"] || Boolean(config["tls-certificate-file"]);
}

/**
 * The session cookie's attributes. Its path is the base path (`base-url`), so that a browser
 * sends it to this server only, not to other sites behind the same proxy under other paths.
 */
export function cookieOptions(config: Config, expires?: Date): CookieOptions {
  const sameSite = config["auth.cookie-same-site"];
  return {
    httpOnly: true,
    secure: cookiesSecure(config),
    sameSite: sameSite === "None" ? "none" : sameSite === "Strict" ? "strict" : "lax",
    path: `${config["base-url"]}/`,
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
