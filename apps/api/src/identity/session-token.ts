import { AuthError, type Role } from "@pyroscope-auth/auth-core";
import { errors, jwtVerify, SignJWT } from "jose";

export const sessionCookieName = "pyroscopeJWT";
const issuer = "pyroscope-auth";
const audience = "pyroscope";
const tokenType = "session";
/** Cookies (and so tokens) live at most this long even without a configured deadline: Chrome's cap. */
const maxTokenLifetimeMs = 400 * 86_400_000;
const maxRememberedTokens = 10_000;

export interface SessionClaims {
  readonly userId: number;
  /** The raw session id; the database holds only its SHA-256. */
  readonly sessionId: string;
  readonly name: string;
  readonly role: Role;
}

/**
 * The session cookie's JWT (DESIGN.md): HS256 with the algorithm pinned on verification,
 * `iss`/`aud`/`typ` checked, and the session id inside, which every request looks up.
 */
export async function createSessionTokens(secretBytes: Uint8Array) {
  // Imported once: verifying with a ready CryptoKey costs ~65 µs against ~155 µs from raw bytes.
  const secret = await crypto.subtle.importKey(
    "raw",
    secretBytes,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  // Tokens whose signature jose has already checked, by their exact text. A browser sends the
  // same token on every request; re-running WebCrypto for it cost ~80 µs of CPU, half of a
  // user.me. A token's text cannot change without failing this lookup, its expiry is still
  // checked here and its session row on every request, so nothing is trusted for longer.
  const verified = new Map<string, { claims: SessionClaims; expiresAt: number }>();
  const remember = (token: string, claims: SessionClaims, expiresAt: number) => {
    if (verified.size >= maxRememberedTokens) {
      const oldest = verified.keys().next().value;
      if (oldest !== undefined) verified.delete(oldest);
    }
    verified.set(token, { claims, expiresAt });
  };

  return {
    async sign(
      claims: SessionClaims,
      now: Date,
      deadline: Date | null,
    ): Promise<{ token: string; expires: Date }> {
      const expires = deadline ?? new Date(now.getTime() + maxTokenLifetimeMs);
      const token = await new SignJWT({
        sid: claims.sessionId,
        name: claims.name,
        role: claims.role,
        typ: tokenType,
      })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(String(claims.userId))
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(expires.getTime() / 1000))
        .sign(secret);
      return { token, expires };
    },

    /**
     * The claims of a token this server signed; undefined for anything forged or malformed.
     * A genuine but expired token is SESSION_EXPIRED, so that the user is told why.
     */
    async verify(token: string, now: Date): Promise<SessionClaims | undefined> {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > now.getTime()) return known.claims;
        verified.delete(token);
        throw new AuthError("SESSION_EXPIRED");
      }
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: ["HS256"],
          issuer,
          audience,
          currentDate: now,
          requiredClaims: ["sub", "exp", "iat"],
        });
        const userId = Number(payload.sub);
        if (
          payload.typ !== tokenType ||
          !Number.isSafeInteger(userId) ||
          typeof payload.sid !== "string"
        )
          return undefined;
        const claims = {
          userId,
          sessionId: payload.sid,
          name: String(payload.name),
          role: payload.role as Role,
        };
        remember(token, claims, Number(payload.exp) * 1000);
        return claims;
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new AuthError("SESSION_EXPIRED");
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}

export type SessionTokens = Awaited<ReturnType<typeof createSessionTokens>>;
