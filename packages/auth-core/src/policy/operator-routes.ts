import { parseRole, type Role, roles } from "../user/roles.js";
import { pathPatternProblem } from "./path-pattern.js";
import type { RouteAccess, RouteRule } from "./route-access.js";

/**
 * `gateway.routes`: the operator's rules, checked before the built-in table, e.g.
 * `{ path: /settings.v1.SettingsService/Set, methods: [POST], allow: [ReadOnly, Admin] }`.
 * `allow` is `public`, `nobody` or a list of roles; `methods` defaults to every method.
 */
export interface OperatorRoute {
  readonly path: string;
  readonly methods?: readonly string[];
  readonly allow: "public" | "nobody" | readonly Role[];
}

const allowedKeys = new Set(["path", "methods", "allow"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseAllow(value: unknown): OperatorRoute["allow"] | undefined {
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (word === "public" || word === "nobody") return word;
    const role = parseRole(value.trim());
    return role ? [role] : undefined;
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const parsed = value.map((item) =>
    typeof item === "string" ? parseRole(item.trim()) : undefined,
  );
  return parsed.every((role) => role !== undefined) ? [...new Set(parsed)] : undefined;
}

function parseMethods(value: unknown): string[] | undefined {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const methods = list.map((item) => (typeof item === "string" ? item.trim().toUpperCase() : ""));
  return methods.every((method) => /^[A-Z]+$/.test(method)) ? methods : undefined;
}

/** One entry, or the reason it is refused (completing "entry N ..."). */
function parseEntry(entry: unknown): OperatorRoute | string {
  if (!isRecord(entry)) return "is not a mapping with path and allow";
  const unknown = Object.keys(entry).find((key) => !allowedKeys.has(key));
  if (unknown !== undefined)
    return `has an unknown key ${JSON.stringify(unknown)} (path, methods, allow)`;
  if (typeof entry.path !== "string") return "needs a path";
  const problem = pathPatternProblem(entry.path);
  if (problem) return `has a path that ${problem}`;
  const allow = parseAllow(entry.allow);
  if (!allow) return `needs allow: public, nobody or a list of roles (${roles.join(", ")})`;
  if (entry.methods === undefined) return { path: entry.path, allow };
  const methods = parseMethods(entry.methods);
  if (!methods) return "has methods that are not a list of HTTP methods (GET, POST, ...)";
  return { path: entry.path, methods, allow };
}

/**
 * The routes of a config value: a YAML list, or the same list as JSON text (an environment
 * variable or flag). Returns the reason instead when an entry cannot be used.
 */
export function parseOperatorRoutes(value: unknown): OperatorRoute[] | string {
  let list = value;
  if (typeof value === "string") {
    if (value.trim() === "") return [];
    try {
      list = JSON.parse(value);
    } catch {
      return "is not a list of routes (YAML, or JSON text in a variable or flag)";
    }
  }
  if (!Array.isArray(list)) return "is not a list of routes";
  const routes: OperatorRoute[] = [];
  for (const [index, entry] of list.entries()) {
    const parsed = parseEntry(entry);
    if (typeof parsed === "string") return `has entry ${index} that ${parsed}`;
    routes.push(parsed);
  }
  return routes;
}

/** The operator's routes as rows of the route table, named by their place in the list. */
export function operatorRules(routes: readonly OperatorRoute[]): RouteRule[] {
  return routes.map((route, index) => {
    const access: RouteAccess =
      route.allow === "public"
        ? { kind: "public" }
        : route.allow === "nobody"
          ? { kind: "nobody" }
          : { kind: "roles", roles: route.allow };
    return {
      path: route.path,
      access,
      name: `gateway.routes[${index}]`,
      ...(route.methods ? { methods: route.methods } : {}),
    };
  });
}
