import { sessionCookieName } from "./session-token.js";

/**
 * The credential a request presents, taken in this order: the session cookie (browsers), then
 * `Authorization: Bearer psx-…` (the original's agents, `authToken`), then `Authorization: Basic`
 * whose password is an API key (Grafana Alloy's basic_auth, the SDKs, Grafana's data source;
 * the user part is ignored). The first one present is the one judged.
 */
export type PresentedCredential =
  | { readonly kind: "session"; readonly token: string }
  | { readonly kind: "api-key"; readonly key: string }
  | { readonly kind: "unreadable"; readonly reason: string }
  | { readonly kind: "none" };

function fromAuthorization(authorization: string): PresentedCredential {
  const [scheme = "", value = "", ...extra] = authorization.trim().split(/\s+/);
  if (extra.length > 0 || value === "")
    return { kind: "unreadable", reason: "authorization header not understood" };
  const lowered = scheme.toLowerCase();
  if (lowered === "bearer") return { kind: "api-key", key: value };
  if (lowered !== "basic")
    return { kind: "unreadable", reason: "authorization scheme not supported (Bearer or Basic)" };
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const password = colon === -1 ? "" : decoded.slice(colon + 1);
  return password === ""
    ? { kind: "unreadable", reason: "basic authorization needs an API key as its password" }
    : { kind: "api-key", key: password };
}

export function presentedCredential(
  cookies: Readonly<Record<string, string | undefined>>,
  authorization: string | undefined,
): PresentedCredential {
  const cookie = cookies[sessionCookieName];
  if (cookie) return { kind: "session", token: cookie };
  if (authorization !== undefined && authorization.trim() !== "")
    return fromAuthorization(authorization);
  return { kind: "none" };
}
