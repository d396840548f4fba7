import type { IncomingHttpHeaders } from "node:http";

/** The request a proxy asks `/auth/verify` about, as far as the verify request tells it. */
export interface OriginalRequest {
  readonly method: string;
  /** Path and query, as the client sent them to the proxy. */
  readonly target: string;
  /** `scheme://host` the client addressed the proxy at. */
  readonly origin: string;
  /** Named by a trusted proxy's headers; false when the verify request itself is judged. */
  readonly fromProxy: boolean;
  /** Why the verify request itself was judged instead, for someone debugging a config. */
  readonly note?: string;
}

function first(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === "" ? undefined : text.trim();
}

/**
 * `/path?query` of a URI header, which nginx configs often fill with a whole URL. The path is cut
 * from the text as written: a URL parser rewrites the host (`1` becomes `0.0.0.1`), and the
 * length of its origin is no measure of the text's.
 */
function targetOf(uri: string): { target: string; origin?: string } | undefined {
  if (uri.startsWith("/")) return { target: uri };
  const whole = /^(https?):\/\/([^/?#\\]+)([/?].*)?$/i.exec(uri);
  if (!whole) return undefined;
  const [, scheme = "", host = "", rest = "/"] = whole;
  return {
    target: rest.startsWith("?") ? `/${rest}` : rest,
    origin: `${scheme.toLowerCase()}://${host}`,
  };
}

export interface VerifyRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly protocol: string;
  readonly host: string;
}

/**
 * DESIGN.md rule 10: the original method and URI come from `X-Forwarded-Method` and
 * `X-Forwarded-Uri` (Traefik, Caddy; with `X-Forwarded-Host` and `-Proto`) or from
 * `X-Original-Method` and `X-Original-URL` (nginx), and are believed only when the peer is a
 * trusted proxy. From any other peer they are ignored, and the verify request is judged as the
 * request it is, so that nobody can ask about a route they are not calling.
 */
export function originalRequest(
  request: VerifyRequest,
  fromTrustedProxy: boolean,
): OriginalRequest {
  const { headers } = request;
  const uri = first(headers, "x-forwarded-uri") ?? first(headers, "x-original-url");
  const method = first(headers, "x-forwarded-method") ?? first(headers, "x-original-method");
  const itself: OriginalRequest = {
    method: request.method,
    target: request.url,
    origin: `${request.protocol}://${request.host}`,
    fromProxy: false,
  };
  if (!fromTrustedProxy) {
    return uri === undefined && method === undefined
      ? itself
      : {
          ...itself,
          note: "X-Forwarded-Uri, X-Forwarded-Method, X-Original-URL and X-Original-Method were ignored: the peer is not in auth.trusted-proxies",
        };
  }
  const parsed = uri === undefined ? undefined : targetOf(uri);
  if (!parsed || method === undefined)
    return {
      ...itself,
      note: "no usable X-Forwarded-Uri or X-Original-URL with its X-Forwarded-Method or X-Original-Method: the verify request itself was judged",
    };
  const host = first(headers, "x-forwarded-host");
  const protocol = first(headers, "x-forwarded-proto");
  return {
    method: method.toUpperCase(),
    fromProxy: true,
    target: parsed.target,
    origin:
      host !== undefined
        ? `${protocol ?? request.protocol}://${host}`
        : (parsed.origin ?? itself.origin),
  };
}
