// A route's path as the policy names it: exact (`/ready`), with `*` standing for any text inside
// one segment (`/ingester.v1.*` then `/Push`), and a last segment `**` for the path and
// everything below it (`/debug/**`). The built-in table and `gateway.routes` both use it.
export type PathMatcher = (path: string) => boolean;

/** Why a pattern cannot be used, or undefined when it can. */
export function pathPatternProblem(pattern: string): string | undefined {
  if (!pattern.startsWith("/")) return "must start with /";
  if (/[?#\\\0\s]/.test(pattern)) return "must not contain ?, #, \\, spaces or control characters";
  const segments = pattern.split("/").slice(1);
  for (const [index, segment] of segments.entries()) {
    if (segment === "." || segment === "..") return "must not contain . or .. segments";
    if (segment === "" && index < segments.length - 1) return "must not contain //";
    if (segment.includes("**") && (segment !== "**" || index !== segments.length - 1))
      return "may hold ** only as its last segment (/path/**)";
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles a pattern that pathPatternProblem accepted. */
export function compilePathPattern(pattern: string): PathMatcher {
  if (!pattern.includes("*")) return (path) => path === pattern;
  const below = pattern.endsWith("/**");
  const head = below ? pattern.slice(0, -3) : pattern;
  const body = head.split("*").map(escapeRegExp).join("[^/]*");
  const regExp = new RegExp(`^${body}${below ? "(?:/.*)?" : ""}$`, "s");
  return (path) => regExp.test(path);
}
