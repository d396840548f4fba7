import { isAuthError } from "@pyroscope-auth/auth-core";
import { toTrpcError } from "../errors.js";
import { middleware } from "../init.js";

/**
 * Services refuse with AuthError / ValidationError, and a full disk with the database's own
 * errors (its `failure` says "storage-full" or "unavailable"); this turns them into the TRPCError of the single table in
 * trpc/errors.ts, and tells throttled or busy clients when to come back.
 */
export const mapServiceErrors = middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause ?? result.error;
  const mapped = toTrpcError(cause, ctx.services.deps.database);
  if (!mapped) return result;
  const refusal = mapped.cause;
  if (isAuthError(refusal) && refusal.retryAfterSeconds !== undefined) {
    ctx.http.setHeader("Retry-After", String(refusal.retryAfterSeconds));
  }
  throw mapped;
});
