import type { HttpExchange } from "./http-exchange.js";

/**
 * Why a state-changing request is refused as cross-site, or undefined when it may go on
 * (DESIGN.md rule 5): `Sec-Fetch-Site: cross-site`, or an `Origin` that is neither this server's
 * nor trusted. Browsers always send one of them with a POST; scripts and curl send neither.
 */
export function crossSiteReason(
  http: Pick<HttpExchange, "secFetchSite" | "origin" | "ownOrigin">,
  trustedOrigins: readonly string[],
): string | undefined {
  if (http.secFetchSite === "cross-site") return "cross-site request refused";
  const origin = http.origin;
  if (origin === undefined) return undefined;
  if (origin === http.ownOrigin || trustedOrigins.includes(origin)) return undefined;
  return `origin ${JSON.stringify(origin)} is not allowed`;
}
