import { isAuthError } from "@pyroscope-auth/auth-core";
import { databaseLocation } from "@pyroscope-auth/db";
import { toTrpcError } from "../errors.js";
import { middleware } from "../init.js";

/**
 * Services refuse with AuthError / ValidationError, and a full disk with the database's own
 * errors (isStorageFull); this turns them into the TRPCError of the single table in
 * trpc/errors.ts, and tells throttled or busy clients when to come back.
 */
export const mapServiceErrors = middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause ?? result.error;
  const mapped = toTrpcError(cause, databaseLocation(ctx.services.config));
  if (!mapped) return result;
  if (isAuthError(cause) && cause.retryAfterSeconds !== undefined) {
    ctx.http.setHeader("Retry-After", String(cause.retryAfterSeconds));
  }
  throw mapped;
});
