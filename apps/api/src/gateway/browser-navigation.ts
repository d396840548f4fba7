import type { IncomingHttpHeaders } from "node:http";

/**
 * A person opening a page (GET or HEAD asking for HTML, or a navigation by Fetch Metadata), as
 * opposed to an API client or agent: only a person is sent to the login page.
 */
export function isBrowserNavigation(method: string, headers: IncomingHttpHeaders): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  if (headers["sec-fetch-mode"] === "navigate") return true;
  return /\btext\/html\b/i.test(headers.accept ?? "");
}

/**
 * One of our pages with `rd` naming where to come back to: the request's own path and query,
 * which the gateway has found canonical, so it stays on this origin.
 */
export function pageWithReturn(page: string, target: string): string {
  return `${page}?rd=${encodeURIComponent(target)}`;
}
