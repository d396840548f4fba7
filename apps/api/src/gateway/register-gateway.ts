import replyFrom from "@fastify/reply-from";
import { parseDuration } from "@pyroscope-auth/auth-core";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { AppServices } from "../app-services.js";
import { refusalBody } from "../http/error-shape.js";
import { HttpExchange } from "../http/http-exchange.js";
import { principalIdentity } from "../identity/principal.js";
import type { Admission } from "./admission.js";
import { isBrowserNavigation, pageWithReturn } from "./browser-navigation.js";
import type { GatewayAccess } from "./gateway-access.js";
import { isOwnPath } from "./own-paths.js";
import { type ForwardedIdentity, upstreamRequestHeaders } from "./upstream-headers.js";
import { downstreamHeaders, upstreamFailure } from "./upstream-response.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who the gateway admitted this request as (undefined: a public route). */
    upstreamIdentity: ForwardedIdentity | undefined;
  }
}

/** Any Fastify reply (reply-from's callbacks type theirs for every kind of server). */
interface AnyReply<R> {
  header(name: string, value: string): R;
  status(code: number): R;
  send(body: unknown): R;
}

function send<R extends AnyReply<R>>(reply: R, status: number, message: string): R {
  return reply
    .header("Cache-Control", "no-store")
    .status(status)
    .send(refusalBody(status, [message]));
}

/** A refusal; a person opening a page is sent to ours, under the base path they see. */
function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  admission: Extract<Admission, { kind: "refuse" }>,
  basePath: string,
) {
  if (admission.page && isBrowserNavigation(request.method, request.headers))
    return reply
      .header("Cache-Control", "no-store")
      .redirect(
        pageWithReturn(`${basePath}/auth/${admission.page}`, `${basePath}${request.url}`),
        302,
      );
  if (admission.status === 401) void reply.header("WWW-Authenticate", 'Bearer realm="pyroscope"');
  return send(reply, admission.status, admission.message);
}

/**
 * The gateway (DESIGN.md): every request outside `/auth/` and `/healthz` is admitted by the
 * route policy and the caller's credential, then streamed to `gateway.upstream-url` both ways
 * with @fastify/reply-from on undici, never held whole in memory. Its own scope has no body
 * parser (bodies pass through untouched) and none of the web app's security headers, which
 * are the upstream's to choose for its pages.
 */
export async function registerGateway(
  app: FastifyInstance,
  services: AppServices,
  { admit, tenantId }: GatewayAccess,
): Promise<void> {
  const { config } = services;
  const timeoutMs = parseDuration(config["gateway.timeout"]) ?? 60_000;

  const gatewayScope: FastifyPluginAsync = async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
    await scope.register(replyFrom, {
      base: config["gateway.upstream-url"],
      disableRequestLogging: true,
      undici: { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs },
    });
    scope.decorateRequest("upstreamIdentity", undefined);

    // Decided as the request arrives, before its body is read: a refused upload is not taken in.
    scope.addHook("onRequest", async (request, reply) => {
      if (isOwnPath(request.url)) return send(reply, 404, "not found");
      const admission = await admit({
        method: request.method,
        target: request.url,
        http: new HttpExchange(request, reply),
      });
      if (admission.kind === "refuse") return refuse(request, reply, admission, config["base-url"]);
      request.upstreamIdentity = admission.principal && principalIdentity(admission.principal);
    });

    scope.all("/*", (_request, reply) =>
      reply.from(undefined, {
        // A retry would send a request twice, and a streamed body cannot be sent again.
        retryDelay: () => null,
        rewriteRequestHeaders: (original, headers) =>
          upstreamRequestHeaders(headers, {
            clientIp: original.clientIp,
            protocol: original.protocol,
            host: original.host,
            tenantId,
            identity: original.upstreamIdentity,
          }),
        rewriteHeaders: (headers) => downstreamHeaders(headers),
        onError: (failed, { error }) => {
          const { status, message } = upstreamFailure(error as { statusCode?: number });
          const cause = (error as { cause?: { code?: string } }).cause;
          failed.request.log.warn(
            { code: cause?.code ?? (error as { code?: string }).code },
            message,
          );
          void send(failed, status, message);
        },
      }),
    );
  };
  await app.register(gatewayScope);
}
