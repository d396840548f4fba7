import type { Actor, ServiceContext } from "@pyroscope-auth/db";
import type { AppServices } from "../app-services.js";
import type { HttpExchange } from "../http/http-exchange.js";

/** The part of the context that needs no HTTP: router tests build it directly. */
export function createContextInner(services: AppServices, http: HttpExchange) {
  return {
    services,
    http,
    /** One identity map per request. */
    em: services.deps.database.fork(),
    actor: { kind: "anonymous" } as Actor,
  };
}

export type Context = ReturnType<typeof createContextInner>;

/** The services' view of this request: who acts, from where, with which EntityManager. */
export function serviceContext(ctx: Context): ServiceContext {
  return {
    em: ctx.em,
    deps: ctx.services.deps,
    actor: ctx.actor,
    clientIp: ctx.http.clientIp,
    userAgent: ctx.http.userAgent,
  };
}
