import { AuthError, type Role } from "@pyroscope-auth/auth-core";
import { errors, jwtVerify, SignJWT } from "jose";

export const sessionCookieName = "pyroscopeJWT";
const issuer = "pyroscope-auth";
const audience = "pyroscope";
const tokenType = "session";
/** Cookies (and so tokens) live at most this long even without a configured deadline: Chrome's cap. */
const maxTokenLifetimeMs = 400 * 86_400_000;

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
export function createSessionTokens(secret: Uint8Array) {
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
        return {
          userId,
          sessionId: payload.sid,
          name: String(payload.name),
          role: payload.role as Role,
        };
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new AuthError("SESSION_EXPIRED");
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}

export type SessionTokens = ReturnType<typeof createSessionTokens>;
