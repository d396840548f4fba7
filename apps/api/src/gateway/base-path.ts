/**
 * A request target (path and query) as a front proxy names it to /auth/verify, as this server
 * judges it: without the base path (`base-url`) the browser sees in front of it, which the proxy
 * strips before a request reaches this server or Pyroscope. A target outside the base path is
 * judged as it is.
 */
export function beneathBase(target: string, basePath: string): string {
  if (basePath === "" || !target.startsWith(basePath)) return target;
  const rest = target.slice(basePath.length);
  if (rest === "") return "/";
  if (rest.startsWith("?")) return `/${rest}`;
  return rest.startsWith("/") ? rest : target;
}
