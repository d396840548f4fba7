import { AuthError } from "@pyroscope-auth/auth-core";
import { identify } from "../../identity/identify.js";
import { actorOf } from "../../identity/principal.js";
import { middleware } from "../init.js";

/**
 * Needs a valid session cookie or API key; the account procedures exist only with internal auth
 * on. A person with a pending password change, then one who must set up a second factor, may
 * call only the procedures that resolve it (and user.me, logout, their own sessions).
 */
export const requireSession = middleware(async ({ ctx, meta, next }) => {
  if (!ctx.services.config["auth.internal.enabled"]) throw new AuthError("INTERNAL_AUTH_DISABLED");
  const principal = await identify(ctx.services, ctx.http, () => ctx.em);
  if (principal.kind === "user") {
    if (principal.user.mustChangePassword && !meta?.allowPendingPasswordChange)
      throw new AuthError("PASSWORD_CHANGE_REQUIRED");
    if (principal.mustSetUpSecondFactor && !meta?.allowPendingSecondFactorSetUp)
      throw new AuthError("SECOND_FACTOR_SETUP_REQUIRED");
  }
  return next({ ctx: { principal, actor: actorOf(principal) } });
});
