import { AuthError } from "@pyroscope-auth/auth-core";
import { identify } from "../../identity/identify.js";
import { actorOf } from "../../identity/principal.js";
import { middleware } from "../init.js";

/** Needs a valid session cookie or API key; the account procedures exist only with internal auth on. */
export const requireSession = middleware(async ({ ctx, meta, next }) => {
  if (!ctx.services.config["auth.internal.enabled"]) throw new AuthError("INTERNAL_AUTH_DISABLED");
  const principal = await identify(ctx.services, ctx.http, () => ctx.em);
  if (
    principal.kind === "user" &&
    principal.user.mustChangePassword &&
    !meta?.allowPendingPasswordChange
  ) {
    throw new AuthError("PASSWORD_CHANGE_REQUIRED");
  }
  return next({ ctx: { principal, actor: actorOf(principal) } });
});
