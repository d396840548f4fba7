/** Paths of this product, which do their own authentication: never proxied, whatever the method. */
export function isOwnPath(url: string): boolean {
  return (
    url === "/auth" ||
    url.startsWith("/auth/") ||
    url.startsWith("/auth?") ||
    url.split("?")[0] === "/healthz"
  );
}
