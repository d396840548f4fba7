import { parseCookie, stringifySetCookie } from "cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** What the procedures and the gateway may see of, and do to, the HTTP exchange they serve. */
export interface HttpExchange {
  readonly method: string;
  /** The client address (socket, or X-Forwarded-For through a trusted proxy). */
  readonly clientIp: string;
  readonly userAgent: string | undefined;
  readonly origin: string | undefined;
  readonly secFetchSite: string | undefined;
  /** `scheme://host` of this server as the client addressed it. */
  readonly ownOrigin: string;
  readonly contentType: string | undefined;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  readonly authorization: string | undefined;
  setCookie(name: string, value: string, options: CookieOptions): void;
  clearCookie(name: string, options: CookieOptions): void;
  setHeader(name: string, value: string): void;
}

export interface CookieOptions {
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly sameSite: "lax" | "strict" | "none";
  readonly path: string;
  readonly expires?: Date;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The client's address as the request arrived (see recordClientIp). */
    clientIp: string;
  }
}

/**
 * IPv4 clients of a dual-stack socket show up as `::ffff:1.2.3.4`; throttling wants one
 * spelling. A socket already closed has no address (undefined).
 */
export function normalizeIp(ip: string | undefined): string {
  if (ip === undefined) return "unknown";
  return ip.startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : ip;
}

/**
 * Reads each request's client address once, as it arrives. Read later, after the client had
 * hung up, it was gone: the request log's TypeError ended the server (any client could do it by
 * resetting its connection), and a sign-in would have been counted under no address.
 */
export function recordClientIp(app: FastifyInstance): void {
  app.decorateRequest("clientIp", "");
  app.addHook("onRequest", async (request) => {
    request.clientIp = normalizeIp(request.ip);
  });
}

/**
 * A Fastify request/reply pair as an HttpExchange. Cookies are read only when asked for, and set
 * as Set-Cookie headers (added to any the answer already has, the upstream's included).
 */
export function httpExchange(request: FastifyRequest, reply: FastifyReply): HttpExchange {
  let cookies: Record<string, string | undefined> | undefined;
  return {
    method: request.method,
    clientIp: request.clientIp,
    userAgent: header(request, "user-agent"),
    origin: header(request, "origin"),
    secFetchSite: header(request, "sec-fetch-site"),
    ownOrigin: `${request.protocol}://${request.host}`,
    contentType: header(request, "content-type"),
    get cookies() {
      const parsed = cookies ?? parseCookie(request.headers.cookie ?? "");
      cookies = parsed;
      return parsed;
    },
    authorization: header(request, "authorization"),
    setCookie: (name, value, options) =>
      void reply.header("set-cookie", stringifySetCookie({ name, value, ...options })),
    clearCookie: (name, options) =>
      void reply.header(
        "set-cookie",
        stringifySetCookie({ name, value: "", ...options, expires: new Date(0) }),
      ),
    setHeader: (name, value) => void reply.header(name, value),
  };
}
