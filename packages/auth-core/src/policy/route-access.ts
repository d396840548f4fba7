import type { Role } from "../user/roles.js";

/**
 * Who may use a route: anyone (no credential looked at), nobody (whatever the credential), or
 * the holders of these roles. `ingest` is Agent or Admin while `auth.ingestion.enabled` is on,
 * and anyone while it is off (the original's default).
 */
export type RouteAccess =
  | { readonly kind: "public" }
  | { readonly kind: "nobody" }
  | { readonly kind: "ingest" }
  | { readonly kind: "roles"; readonly roles: readonly Role[] };

/** One row of a route table: a path pattern (see path-pattern.ts), optional methods, access. */
export interface RouteRule {
  readonly path: string;
  /** Upper-case HTTP methods; every method when absent. */
  readonly methods?: readonly string[];
  readonly access: RouteAccess;
  /** What the row is, for the log and the refusal's words (`ui`, `query`, `gateway.routes[0]`). */
  readonly name: string;
}

export const anyone: RouteAccess = { kind: "public" };
export const nobody: RouteAccess = { kind: "nobody" };
export const ingestion: RouteAccess = { kind: "ingest" };
export const readers: RouteAccess = { kind: "roles", roles: ["ReadOnly", "Admin"] };
export const admins: RouteAccess = { kind: "roles", roles: ["Admin"] };

/** What a caller of `role` (undefined: no credential) gets from a route of this access. */
export type AccessVerdict = "allowed" | "unauthenticated" | "forbidden";

export function accessVerdict(
  access: Exclude<RouteAccess, { kind: "ingest" }>,
  role: Role | undefined,
): AccessVerdict {
  if (access.kind === "public") return "allowed";
  if (access.kind === "nobody") return "forbidden";
  if (role === undefined) return "unauthenticated";
  return access.roles.includes(role) ? "allowed" : "forbidden";
}
