import type { FastifyReply, FastifyRequest } from "fastify";
import type { HttpExchange } from "../trpc/context.js";

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** IPv4 clients of a dual-stack socket show up as `::ffff:1.2.3.4`; throttling wants one spelling. */
export function normalizeIp(ip: string): string {
  return ip.startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : ip;
}

/** The procedures' view of a Fastify request/reply pair. */
export function httpExchange(request: FastifyRequest, reply: FastifyReply): HttpExchange {
  return {
    method: request.method,
    clientIp: normalizeIp(request.ip),
    userAgent: header(request, "user-agent"),
    origin: header(request, "origin"),
    secFetchSite: header(request, "sec-fetch-site"),
    ownOrigin: `${request.protocol}://${request.host}`,
    contentType: header(request, "content-type"),
    cookies: request.cookies,
    authorization: header(request, "authorization"),
    setCookie: (name, value, options) => void reply.setCookie(name, value, options),
    clearCookie: (name, options) => void reply.clearCookie(name, options),
    setHeader: (name, value) => void reply.header(name, value),
  };
}
