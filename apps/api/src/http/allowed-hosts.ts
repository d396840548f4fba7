import { isIP } from "node:net";
import type { Config } from "@pyroscope-auth/auth-core";
import type { FastifyInstance } from "fastify";
import { refusalBody } from "./error-shape.js";

/** The name in a Host header: without its port or an IPv6 literal's brackets, lower-cased. */
function hostName(host: string): string {
  const name = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d*$/, "");
  return name.toLowerCase();
}

/**
 * DNS rebinding: a page whose name an attacker then points at this server's address is
 * same-origin to itself, so the CSRF check cannot tell it from the web app. With
 * `auth.allowed-hosts` set, the server answers only under those names, the trusted origins'
 * hosts and plain IP addresses (which no rebinding can produce); unset, under any name.
 */
export function refuseUnknownHosts(app: FastifyInstance, config: Config): void {
  if (config["auth.allowed-hosts"].length === 0) return;
  const allowed = new Set(
    [
      ...config["auth.allowed-hosts"],
      ...config["auth.trusted-origins"].map((origin) => new URL(origin).hostname),
    ].map((name) => name.toLowerCase()),
  );
  app.addHook("onRequest", async (request, reply) => {
    const name = hostName(request.headers.host ?? "");
    if (isIP(name) !== 0 || allowed.has(name)) return;
    const message = `host ${JSON.stringify(name)} is not in auth.allowed-hosts`;
    return reply.status(403).send(refusalBody(403, [message]));
  });
}
