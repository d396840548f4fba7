/** A request target the policy may judge: the path the upstream will route, and the query. */
export type CanonicalTarget =
  | { readonly ok: true; readonly path: string; readonly query: string }
  | { readonly ok: false; readonly reason: string };

/** Escapes that would let one spelling of a path stand for another: `/`, `\`, `.`, NUL, controls. */
const forbiddenEscape = /%(2f|5c|2e|[01][0-9a-f]|7f)/i;

function refuse(reason: string): CanonicalTarget {
  return { ok: false, reason: `path refused: ${reason}` };
}

/**
 * DESIGN.md security rule 9. Pyroscope routes on the percent-decoded path, so the policy must
 * judge that same path, and no second spelling of it may exist: a target is refused unless its
 * path starts with `/`, holds no `.` or `..` segment and no `//`, no backslash, NUL or control
 * character, and no escape of `/`, `\`, `.` or a control character. What passes decodes to
 * exactly one path, which is what the policy sees; the upstream receives the target unchanged.
 */
export function canonicalTarget(target: string): CanonicalTarget {
  const queryAt = target.indexOf("?");
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? "" : target.slice(queryAt);
  if (!rawPath.startsWith("/")) return refuse("it must start with /");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
  if (/[\\#\u0000-\u0020\u007f]/.test(rawPath))
    return refuse("backslashes, #, spaces and control characters are not allowed");
  if (forbiddenEscape.test(rawPath))
    return refuse("escaped /, \\, . and control characters are not allowed");
  if (/%(?![0-9a-f]{2})/i.test(rawPath)) return refuse("it holds a bad percent-escape");
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return refuse("its escapes are not UTF-8");
  }
  const segments = path.split("/").slice(1);
  for (const [index, segment] of segments.entries()) {
    if (segment === "." || segment === "..") return refuse(". and .. segments are not allowed");
    if (segment === "" && index < segments.length - 1) return refuse("// is not allowed");
  }
  return { ok: true, path, query };
}
