import { TRPCError } from "@trpc/server";
import { crossSiteReason } from "../../http/cross-site.js";
import { jsonBodyNeeded } from "../../http/error-shape.js";
import { middleware } from "../init.js";

/**
 * CSRF (DESIGN.md rule 5): a mutation must carry a JSON body, which a cross-site form cannot
 * send without a preflight, and must not come from another site.
 */
export const sameOriginMutations = middleware(async ({ ctx, type, next }) => {
  if (type !== "mutation") return next();
  const contentType = ctx.http.contentType?.split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/json") {
    throw new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: jsonBodyNeeded });
  }
  const reason = crossSiteReason(ctx.http, ctx.services.config["auth.trusted-origins"]);
  if (reason) throw new TRPCError({ code: "FORBIDDEN", message: reason });
  return next();
});
