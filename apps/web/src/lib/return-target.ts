/** Where the web app lives on its origin: apps/api serves it there (vite.config's `base`). */
export const appBase = "/auth";

/** Pages for people who are not signed in, as paths inside the app. */
const publicPaths = new Set(["/login", "/signup"]);

export function isPublicPath(appPath: string): boolean {
  return publicPaths.has(appPath);
}

/** `/auth/settings` → `/settings`; undefined for a path outside the app (the upstream's). */
export function appPathOf(pathname: string): string | undefined {
  if (pathname === appBase || pathname === `${appBase}/`) return "/";
  return pathname.startsWith(`${appBase}/`) ? pathname.slice(appBase.length) : undefined;
}

/**
 * Where to go back to after signing in (`rd`): a path on this origin, a page of the upstream
 * Pyroscope or of this app, never another site. It is resolved as the browser would resolve it,
 * so that `//host`, `/\host` or a tab inside them cannot leave the origin; our public pages are
 * refused too, as they would loop back to the form. Undefined when there is nothing safe.
 */
export function safeReturnTarget(
  raw: string | null | undefined,
  origin: string,
): string | undefined {
  if (!raw?.startsWith("/")) return undefined;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return undefined;
  }
  // `/.//host` resolves on this origin to the path `//host`, which read again as a URL is another
  // site: a path of two slashes is refused however it came about.
  if (url.origin !== origin || url.pathname.startsWith("//")) return undefined;
  const appPath = appPathOf(url.pathname);
  if (appPath !== undefined && isPublicPath(appPath)) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** An app page with `?rd=` naming `returnTo` (a path on this origin) when it is worth keeping. */
export function withReturn(page: string, returnTo: string, origin: string): string {
  const target = safeReturnTarget(returnTo, origin);
  return target === undefined || appPathOf(target.split(/[?#]/, 1)[0] ?? "") === "/"
    ? page
    : `${page}?rd=${encodeURIComponent(target)}`;
}

/** Where a person lands after signing in without `rd`: the Pyroscope UI behind the gateway, else our home. */
export function landingTarget(gatewayEnabled: boolean): string {
  return gatewayEnabled ? "/" : `${appBase}/`;
}
