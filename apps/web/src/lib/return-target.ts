/**
 * The path browsers reach the server under, behind a proxy that strips it (its `base-url`):
 * the server names it in the page it serves; "" at the root.
 */
export const basePath =
  typeof document === "undefined"
    ? ""
    : (document.querySelector<HTMLMetaElement>('meta[name="pyroscope-auth-base"]')?.content ?? "");

/** Where the web app lives on its origin: apps/api serves it under /auth/ of the base path. */
export const appBase = `${basePath}/auth`;

/** Whether a path is the base path or under it: what this server (or its upstream) answers. */
function underBase(pathname: string): boolean {
  return basePath === "" || pathname === basePath || pathname.startsWith(`${basePath}/`);
}

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
 * so that `//host`, `/\host` or a tab inside them cannot leave the origin; a path outside the
 * base path (another site on this host) and our public pages, which would loop back to the form,
 * are refused too. Undefined when there is nothing safe.
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
  if (url.origin !== origin || url.pathname.startsWith("//") || !underBase(url.pathname))
    return undefined;
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
  return gatewayEnabled ? `${basePath}/` : `${appBase}/`;
}
