import { isIP } from "node:net";
import type { Config } from "@pyroscope-auth/auth-core";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { refusalBody } from "./error-shape.js";

/** `name[:port]` or `[IPv6][:port]`, as RFC 9110 writes a Host; the name lower-cased. */
const hostHeader = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._~-]+))(?::(\d{1,5}))?$/i;

/** The name a Host header gives, or undefined when the header is not a host at all. */
export function hostNameOf(host: string | undefined): string | undefined {
  const parts = hostHeader.exec(host ?? "");
  if (!parts) return undefined;
  const [, ipv6, name, port] = parts;
  if (port !== undefined && Number(port) > 65_535) return undefined;
  if (ipv6 !== undefined) return isIP(ipv6) === 6 ? ipv6.toLowerCase() : undefined;
  return name?.toLowerCase();
}

function isLoopbackName(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost");
}

/**
 * DNS rebinding: a page whose name an attacker then points at this server's address is
 * same-origin to itself, so the CSRF check cannot tell it from the web app. The server answers
 * only under loopback names (`localhost`), IP addresses (which no rebinding can produce), the
 * names in `auth.allowed-hosts` (`*`: any name) and the trusted origins' hosts; under any other
 * it answers 403, naming the host and the key to set. A Host that is no host at all is a 400.
 */
export function refuseUnknownHosts(app: FastifyInstance, config: Config): void {
  const anyName = config["auth.allowed-hosts"].includes("*");
  const allowed = new Set(
    [
      ...config["auth.allowed-hosts"],
      ...config["auth.trusted-origins"].map((origin) => new URL(origin).hostname),
    ].map((name) => name.toLowerCase()),
  );
  app.addHook("onRequest", async (request, reply) => {
    const name = hostNameOf(request.headers.host);
    if (name === undefined) {
      (request.log as FastifyBaseLogger).warn("request refused: its Host header is not a host");
      return reply
        .status(400)
        .send(refusalBody(400, ["the request's Host header is not a host name or address"]));
    }
    if (anyName || isIP(name) !== 0 || isLoopbackName(name) || allowed.has(name)) return;
    const message = `host ${JSON.stringify(name)} is not in auth.allowed-hosts (add it there to serve under this name)`;
    return reply.status(403).send(refusalBody(403, [message]));
  });
}
