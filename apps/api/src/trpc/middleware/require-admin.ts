import { AuthError } from "@pyroscope-auth/auth-core";
import { requireSession } from "./require-session.js";

/** Only the Admin role, whether a signed-in user or an API key. */
export const requireAdmin = requireSession.unstable_pipe(async ({ ctx, next }) => {
  const { principal } = ctx;
  const role = principal.kind === "user" ? principal.user.role : principal.apiKey.role;
  if (role !== "Admin") throw new AuthError("PERMISSION_DENIED");
  return next();
});
