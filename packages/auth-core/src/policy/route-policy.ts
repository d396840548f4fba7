import { type OperatorRoute, operatorRules } from "./operator-routes.js";
import { compilePathPattern, type PathMatcher } from "./path-pattern.js";
import { pyroscopeRoutes, unnamedRoute } from "./pyroscope-routes.js";
import type { RouteAccess, RouteRule } from "./route-access.js";

/** The access a request needs, with ingestion resolved, and the row that decided it. */
export interface RouteDecision {
  readonly access: Exclude<RouteAccess, { kind: "ingest" }>;
  readonly rule: string;
}

export interface RoutePolicyOptions {
  /** `gateway.routes`, checked first. */
  readonly operatorRoutes: readonly OperatorRoute[];
  /** `auth.ingestion.enabled`: ingest routes need Agent or Admin; off, they are public. */
  readonly ingestionAuth: boolean;
}

export type RoutePolicy = (method: string, path: string) => RouteDecision;

interface CompiledRule {
  readonly matches: PathMatcher;
  /** Absent: every method. A rule naming GET also covers HEAD, a GET without its body. */
  readonly methods: ReadonlySet<string> | undefined;
  readonly decision: RouteDecision;
}

function compile(rule: RouteRule, ingestionAuth: boolean): CompiledRule {
  const access: RouteDecision["access"] =
    rule.access.kind === "ingest"
      ? ingestionAuth
        ? { kind: "roles", roles: ["Agent", "Admin"] }
        : { kind: "public" }
      : rule.access;
  const methods = rule.methods && new Set(rule.methods);
  if (methods?.has("GET")) methods.add("HEAD");
  return { matches: compilePathPattern(rule.path), methods, decision: { access, rule: rule.name } };
}

/**
 * The gateway's decision for a canonical path (see canonical-path.ts): the operator's rules,
 * then Grafana Pyroscope v1's table, first match wins; a path neither names is Admin's.
 */
export function createRoutePolicy({
  operatorRoutes,
  ingestionAuth,
}: RoutePolicyOptions): RoutePolicy {
  const table = [...operatorRules(operatorRoutes), ...pyroscopeRoutes].map((rule) =>
    compile(rule, ingestionAuth),
  );
  const unnamed = compile(unnamedRoute, ingestionAuth).decision;
  return (method, path) => {
    const upper = method.toUpperCase();
    for (const rule of table) {
      if ((!rule.methods || rule.methods.has(upper)) && rule.matches(path)) return rule.decision;
    }
    return unnamed;
  };
}
