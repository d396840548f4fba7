import { compile } from "@fastify/proxy-addr";
import { canonicalTarget } from "@pyroscope-auth/auth-core";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from "fastify";
import type { AppServices } from "../app-services.js";
import { refusalBody } from "../http/error-shape.js";
import { HttpExchange, normalizeIp } from "../http/http-exchange.js";
import { type Principal, principalIdentity } from "../identity/principal.js";
import { beneathBase } from "./base-path.js";
import { isBrowserNavigation, pageWithReturn } from "./browser-navigation.js";
import type { GatewayAccess } from "./gateway-access.js";
import { originalRequest } from "./original-request.js";
import { isOwnPath } from "./own-paths.js";

export const verifyPath = "/auth/verify";

/**
 * 200 with every identity header, empty for nobody: a proxy that copies a header the answer
 * lacks may set it to something else (Caddy 2.6 sets its placeholder's text).
 */
function allow(reply: FastifyReply, principal: Principal | undefined) {
  const { user, email, groups } = principal
    ? principalIdentity(principal)
    : { user: "", email: null, groups: "" };
  return reply
    .headers({
      "X-Auth-Request-User": user,
      "X-Auth-Request-Email": email ?? "",
      "X-Auth-Request-Groups": groups,
      "Remote-User": user,
      "Remote-Email": email ?? "",
      "Remote-Groups": groups,
    })
    .status(200)
    .send();
}

/**
 * `/auth/verify` (forward-auth for nginx `auth_request`, Caddy `forward_auth`, Traefik
 * `forwardAuth`): the gateway's decision, without the proxying, on the request the proxy names
 * (see original-request.ts). Allowed: 200, empty, the caller in `X-Auth-Request-User/-Email/
 * -Groups` and `Remote-User/-Email/-Groups`, and `X-Scope-OrgID` when configured. No
 * credential: 401, with the login page in `Location` for a person opening a page (nginx turns
 * it into a redirect with `error_page`); with `?redirect=1` (Caddy, Traefik, which pass the
 * answer on as it is) that person gets the 302 itself. A step still to take (a password change,
 * an authenticator app to set up): 403, with that step's page in `Location` likewise. A role the
 * route does not allow, or a path that is not canonical: 403.
 */
export async function registerVerify(
  app: FastifyInstance,
  services: AppServices,
  { admit, tenantId }: GatewayAccess,
): Promise<void> {
  const trustedProxies = services.config["auth.trusted-proxies"];
  const basePath = services.config["base-url"];
  const isTrusted = compile(trustedProxies);
  const fromTrustedProxy = (address: string | undefined) =>
    trustedProxies.length > 0 && address !== undefined && isTrusted(normalizeIp(address), 0);

  const verify: FastifyPluginAsync = async (scope) => {
    // Proxies send no body worth reading; whatever comes is left unread.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    scope.all(verifyPath, async (request, reply: FastifyReply) => {
      void reply.header("Cache-Control", "no-store");
      const original = originalRequest(request, fromTrustedProxy(request.socket.remoteAddress));
      if (original.note) void reply.header("X-Auth-Verify-Note", original.note);
      const answer = (status: number, message: string) =>
        reply
          .status(status)
          .send(refusalBody(status, original.note ? [message, original.note] : [message]));
      if (tenantId !== "") void reply.header("X-Scope-OrgID", tenantId);
      // Our own pages and API judge their callers themselves, on their canonical path. (Asked
      // about itself, verify is not one of them: a proxy that names no request gets no free pass.)
      const target = beneathBase(original.target, basePath);
      const canonical = canonicalTarget(target);
      if (original.fromProxy && canonical.ok && isOwnPath(canonical.path))
        return allow(reply, undefined);
      // Without internal authentication a request without a credential passes as an Admin would;
      // not one that names no request, or a proxy that is not trusted would let everything by.
      if (!original.fromProxy && !services.config["auth.internal.enabled"])
        return answer(403, "no request named by a trusted proxy");
      const http = new HttpExchange(request, reply, original.origin);
      const admission = await admit({ method: original.method, target, http });
      if (admission.kind === "pass") return allow(reply, admission.principal);
      const person = admission.page && isBrowserNavigation(original.method, request.headers);
      if (person) {
        const page = pageWithReturn(`${basePath}/auth/${admission.page}`, original.target);
        if ((request.query as { redirect?: string }).redirect === "1")
          return reply.redirect(page, 302);
        void reply.header("Location", page);
      }
      if (admission.status === 401)
        void reply.header("WWW-Authenticate", 'Bearer realm="pyroscope"');
      // nginx's auth_request takes only 2xx, 401 and 403: a path refused as not canonical is a 403
      // here, which every proxy relays as it is.
      return answer(admission.status === 400 ? 403 : admission.status, admission.message);
    });
  };
  await app.register(verify);
}
