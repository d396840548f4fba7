import { authMessages, isAuthError } from "@pyroscope-auth/auth-core";
import { loggableError, purgeExpiredRecords } from "@pyroscope-auth/db";
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyServerOptions,
} from "fastify";
import type { AppServices } from "./app-services.js";
import { createGatewayAccess } from "./gateway/gateway-access.js";
import { registerGateway } from "./gateway/register-gateway.js";
import { registerVerify } from "./gateway/register-verify.js";
import { refuseUnknownHosts } from "./http/allowed-hosts.js";
import { answerClientError } from "./http/client-error.js";
import { refusalBody } from "./http/error-shape.js";
import { fastifyRefusal } from "./http/fastify-refusal.js";
import { HttpExchange, recordClientIp } from "./http/http-exchange.js";
import { OneLinePerRequest } from "./http/request-log.js";
import { registerSecurityHeaders } from "./http/security-headers.js";
import { ownPrefix, redirectOldPages, serveWebApp } from "./http/static-web.js";
import { watchStorageFull } from "./http/storage-full-watch.js";
import { type AppRouter, appRouter } from "./routers/app-router.js";
import { createContextInner } from "./trpc/context.js";
import { databaseRetryAfterSeconds } from "./trpc/errors.js";

export interface ServerOptions {
  readonly services: AppServices;
  /** The web app's build folder; served when it holds an index.html. */
  readonly webRoot?: string | undefined;
  readonly logger?: FastifyServerOptions["logger"];
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer } | undefined;
}

/** Requests are small JSON; anything bigger is refused with 413 before it is read further. */
const bodyLimit = 64 * 1024;

const trpcPrefix = `${ownPrefix}/trpc`;

/** The API's old address, `/trpc/…`, served as `/auth/trpc/…` when there is no upstream. */
function rewriteOldApiPath(url: string | undefined): string {
  const target = url ?? "/";
  return target === "/trpc" || target.startsWith("/trpc/") || target.startsWith("/trpc?")
    ? `${ownPrefix}${target}`
    : target;
}

/**
 * The whole HTTP product: the web app and its API under /auth/ (tRPC at /auth/trpc), /healthz,
 * security headers, and with `gateway.upstream-url` set the gateway for every other path.
 * Builds the Fastify instance without listening (main.ts and the test server decide where).
 */
export async function createServer({ services, webRoot, logger = false, tls }: ServerOptions) {
  const trustedProxies = services.config["auth.trusted-proxies"];
  const gateway = services.config["gateway.upstream-url"] !== "";
  // Where browsers reach us behind a proxy that strips it: every address we hand out starts so.
  const basePath = services.config["base-url"];
  const app = Fastify({
    logger: logger ?? false,
    logController: new OneLinePerRequest(),
    trustProxy: trustedProxies.length > 0 ? trustedProxies : false,
    bodyLimit,
    // A URL Fastify cannot decode: its own answer quoted the URL back.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const { status, body } = fastifyRefusal(error, bodyLimit);
      void reply.status(status).send(body);
    },
    clientErrorHandler: answerClientError,
    // tRPC batches name several procedures in one path segment.
    routerOptions: { maxParamLength: 1000 },
    // A request must arrive within 30 s, but for the gateway, whose uploads take what they take:
    // Pyroscope bounds those, and gateway.timeout its answers.
    requestTimeout: gateway ? 0 : 30_000,
    forceCloseConnections: "idle",
    return503OnClosing: true,
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    rewriteUrl: (request) => (gateway ? (request.url ?? "/") : rewriteOldApiPath(request.url)),
  });

  // First: every later hook, the procedures and the request log read the address it records.
  recordClientIp(app);
  refuseUnknownHosts(app, services.config);
  // Fastify's own 404 logged and echoed the whole URL: a token or password put in a query string
  // by mistake landed in the log (DESIGN.md rule 7). The request line logs the path alone.
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send(refusalBody(404, ["not found"])),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // The gateway and /auth/verify ask the database on every request: while it cannot be
    // reached they answer 503 and when to come back, as the API does.
    const failure = services.deps.database.failure(error)?.kind;
    if (failure === "unavailable" || failure === "retry") {
      request.log.warn({ error: loggableError(error) }, `database ${failure}`);
      const unavailable = failure === "unavailable";
      void reply
        .status(503)
        .header("Retry-After", unavailable ? String(databaseRetryAfterSeconds) : "1")
        .send(
          refusalBody(503, [
            unavailable ? authMessages.DATABASE_UNAVAILABLE : authMessages.SERVER_BUSY,
          ]),
        );
      return;
    }
    const { status, body } = fastifyRefusal(error, bodyLimit);
    if (status >= 500) request.log.error({ error: loggableError(error) }, "request failed");
    void reply.status(status).send(body);
  });

  // Housekeeping, hourly from the moment the server is ready: sessions ended a week ago and
  // audit events past retention are deleted, so that no table grows without bound.
  let housekeeping: NodeJS.Timeout | undefined;
  const purge = async () => {
    try {
      const purged = await purgeExpiredRecords(services.deps.database.fork(), services.deps);
      if (purged.sessions + purged.auditEvents > 0) app.log.info(purged, "purged expired records");
    } catch (error) {
      app.log.error({ error: loggableError(error) }, "purging expired records failed");
    }
  };
  app.addHook("onReady", async () => {
    void purge();
    housekeeping = setInterval(() => void purge(), 3_600_000).unref();
  });

  let closing = false;
  app.addHook("onClose", async () => {
    closing = true;
    clearInterval(housekeeping);
  });
  const { database } = services.deps;
  const storage = watchStorageFull(database.where, services.deps.now);
  const reportedTrouble = new Set<string>();
  app.get("/healthz", async (request, reply) => {
    if (closing) return reply.status(503).send({ status: "closing" });
    const trouble = await database.trouble();
    if (trouble) {
      // Once per kind of trouble: a load balancer polls this every few seconds.
      if (!reportedTrouble.has(trouble.status)) request.log.error(trouble.detail);
      reportedTrouble.add(trouble.status);
      return reply.status(503).send({ status: trouble.status });
    }
    reportedTrouble.clear();
    if (storage.full()) return reply.status(503).send({ status: "storage full" });
    return reply.send({ status: "ok" });
  });

  let servingWeb = false;
  // Our own routes, in a scope of their own: the web app's security headers and body parsers
  // are not the gateway's, whose answers are the upstream's.
  const ownRoutes: FastifyPluginAsync = async (own) => {
    await registerSecurityHeaders(own, Boolean(tls));
    own.addHook("onSend", async (request, reply, payload) => {
      if (!request.url.startsWith(trpcPrefix)) return;
      // Answers about who is signed in must never be cached by a browser or a proxy.
      reply.header("Cache-Control", "no-store");
      // tRPC refuses a body type it cannot read before it labels its (JSON) answer as such: the
      // fetch Response then says text/plain.
      if (payload instanceof Response && payload.headers.get("content-type")?.startsWith("text/"))
        payload.headers.set("Content-Type", "application/json");
    });
    // Any other body type (a urlencoded form...) reaches tRPC as text, so that the refusal is a
    // tRPC error with its messages like every other answer, not Fastify's bare 415.
    own.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) =>
      done(null, body),
    );
    await own.register(fastifyTRPCPlugin, {
      prefix: trpcPrefix,
      trpcOptions: {
        router: appRouter,
        createContext: ({ req, res }) => createContextInner(services, new HttpExchange(req, res)),
        maxBatchSize: 10,
        onError({ error, path, req }) {
          if (isAuthError(error.cause) && error.cause.code === "STORAGE_FULL")
            storage.refused(req.log as FastifyBaseLogger, error.cause.cause);
          else if (error.code === "INTERNAL_SERVER_ERROR") {
            (req.log as FastifyBaseLogger).error(
              { error: loggableError(error.cause ?? error), path },
              "procedure failed",
            );
          }
        },
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>);
    own.get(ownPrefix, (_request, reply) => reply.redirect(`${basePath}${ownPrefix}/`, 302));
    servingWeb = webRoot ? await serveWebApp(own, webRoot, basePath) : false;
    if (!gateway) redirectOldPages(own, basePath);
  };
  await app.register(ownRoutes);

  const access = createGatewayAccess(services);
  await registerVerify(app, services, access);
  if (gateway) await registerGateway(app, services, access);
  return { app, servingWeb };
}
