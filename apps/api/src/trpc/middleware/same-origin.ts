import { TRPCError } from "@trpc/server";
import type { HttpExchange } from "../context.js";
import { jsonBodyNeeded } from "../errors.js";
import { middleware } from "../init.js";

/** Why a mutation is refused as cross-site, or undefined when it may go on. */
export function crossSiteReason(
  http: HttpExchange,
  trustedOrigins: readonly string[],
): string | undefined {
  if (http.secFetchSite === "cross-site") return "cross-site request refused";
  const origin = http.origin;
  // Browsers always send Origin (or Sec-Fetch-Site) with a POST; scripts and curl send neither.
  if (origin === undefined) return undefined;
  if (origin === http.ownOrigin || trustedOrigins.includes(origin)) return undefined;
  return `origin ${JSON.stringify(origin)} is not allowed`;
}

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
