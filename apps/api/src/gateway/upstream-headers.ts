import type { IncomingHttpHeaders } from "node:http";
import { deviceCookieName } from "../identity/device-cookie.js";
import { sessionCookieName } from "../identity/session-token.js";

/**
 * Headers a client might send to claim an identity, a tenant or a route that the upstream, or
 * a proxy behind it, could believe: never passed on (DESIGN.md rule 9). The gateway sets its
 * own X-Forwarded-*, X-Scope-OrgID and X-Auth-Request-* instead.
 */
const clientClaims =
  /^(authorization|proxy-authorization|forwarded|x-real-ip|x-client-ip|x-scope-orgid|x-forwarded-.*|x-original-.*|x-auth-request-.*|remote-.*|x-remote-.*|x-webauth-.*|x-user|x-email|x-groups)$/;

/**
 * Headers about the client's own connection to the gateway, not the gateway's to the upstream
 * (the proxy answers an `Expect: 100-continue` itself; undici refuses to send one).
 */
const perHop =
  /^(expect|keep-alive|upgrade|te|trailer|proxy-connection|connection|transfer-encoding)$/;

/** Who the upstream is told the caller is, after the policy let them through. */
export interface ForwardedIdentity {
  readonly user: string;
  readonly email: string | null;
  readonly groups: string;
}

export interface UpstreamRequestContext {
  readonly clientIp: string;
  readonly protocol: string;
  readonly host: string;
  /** `gateway.tenant-id`, or "" for none. */
  readonly tenantId: string;
  readonly identity: ForwardedIdentity | undefined;
}

const ourCookies = new Set([sessionCookieName, deviceCookieName]);

/** The client's cookies minus ours (session, device); undefined when none is left. */
function withoutOurCookies(cookie: string | undefined): string | undefined {
  if (cookie === undefined) return undefined;
  const kept = cookie
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "" && !ourCookies.has(pair.split("=", 1)[0]?.trim() ?? ""));
  return kept.length > 0 ? kept.join("; ") : undefined;
}

/**
 * The request headers the upstream receives: the client's, without its credentials, our cookie
 * or any identity it claims, plus the gateway's own account of the request.
 */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  context: UpstreamRequestContext,
): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !clientClaims.test(name) && !perHop.test(name)) out[name] = value;
  }
  const cookie = withoutOurCookies(headers.cookie);
  if (cookie === undefined) delete out.cookie;
  else out.cookie = cookie;
  out["x-forwarded-for"] = context.clientIp;
  out["x-forwarded-proto"] = context.protocol;
  out["x-forwarded-host"] = context.host;
  if (context.tenantId !== "") out["x-scope-orgid"] = context.tenantId;
  if (context.identity) {
    out["x-auth-request-user"] = context.identity.user;
    if (context.identity.email) out["x-auth-request-email"] = context.identity.email;
    out["x-auth-request-groups"] = context.identity.groups;
  }
  return out;
}
