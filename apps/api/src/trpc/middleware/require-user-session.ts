import { AuthError } from "@pyroscope-auth/auth-core";
import { requireSession } from "./require-session.js";

/** Only a person signed in with a session cookie; an API key has no account or sessions. */
export const requireUserSession = requireSession.unstable_pipe(async ({ ctx, next }) => {
  const { principal } = ctx;
  if (principal.kind !== "user") throw new AuthError("PERMISSION_DENIED");
  return next({ ctx: { principal } });
});
