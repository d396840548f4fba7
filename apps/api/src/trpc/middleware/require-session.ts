import { AuthError } from "@pyroscope-auth/auth-core";
import { actorOf, identify } from "../identify.js";
import { middleware } from "../init.js";

/** Needs a valid session cookie or API key; the account procedures exist only with internal auth on. */
export const requireSession = middleware(async ({ ctx, meta, next }) => {
  if (!ctx.services.config["auth.internal.enabled"]) throw new AuthError("INTERNAL_AUTH_DISABLED");
  const principal = await identify(ctx);
  if (
    principal.kind === "user" &&
    principal.user.mustChangePassword &&
    !meta?.allowPendingPasswordChange
  ) {
    throw new AuthError("PASSWORD_CHANGE_REQUIRED");
  }
  return next({ ctx: { principal, actor: actorOf(principal) } });
});
