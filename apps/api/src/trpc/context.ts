import type { Actor, ServiceContext } from "@pyroscope-auth/db";
import type { AppServices } from "../app-services.js";

/** What a procedure may see of, and do to, the HTTP exchange it runs in. */
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

/** The part of the context that needs no HTTP: router tests build it directly. */
export function createContextInner(services: AppServices, http: HttpExchange) {
  return {
    services,
    http,
    /** One identity map per request. */
    em: services.orm.em.fork(),
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
