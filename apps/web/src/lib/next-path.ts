/** Pages for people who are not signed in. */
const publicPaths = new Set(["/login", "/signup"]);

export function isPublicPath(pathname: string): boolean {
  return publicPaths.has(pathname);
}

/**
 * Where to go after signing in: a path of this app only. `//host` or `/\host` would leave the
 * origin (an open redirect), and a public page would loop back to the form.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw?.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  const pathname = raw.split(/[?#]/, 1)[0] ?? "/";
  return isPublicPath(pathname) ? "/" : raw;
}

/** A page path with `?next=` pointing back at `returnTo` when that is worth remembering. */
export function withNext(page: string, returnTo: string): string {
  const next = safeNextPath(returnTo);
  return next === "/" ? page : `${page}?next=${encodeURIComponent(next)}`;
}
