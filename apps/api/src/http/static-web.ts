import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { webIndexHtml } from "./web-index.js";

/** Where the web app lives: its pages, its assets and its API, out of the upstream's way. */
export const ownPrefix = "/auth";

/** Client-side routes of the web app: each answers with index.html (SPA fallback). */
const appRoutes = [
  "/",
  "/login",
  "/signup",
  "/change-password",
  "/set-up-two-factor",
  "/settings",
  "/settings/*",
  "/admin",
  "/admin/*",
];

/**
 * Serves apps/web's build under /auth/ from the same origin as the API, so one process on one
 * port is the whole product; its pages name their files under `basePath` (see web-index.ts).
 * Hashed assets are cached for a year; index.html is always revalidated. Returns false when
 * there is no build to serve.
 */
export async function serveWebApp(
  app: FastifyInstance,
  webRoot: string,
  basePath: string,
): Promise<boolean> {
  const indexFile = join(webRoot, "index.html");
  if (!existsSync(indexFile)) return false;
  const index = webIndexHtml(readFileSync(indexFile, "utf8"), basePath);
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: `${ownPrefix}/`,
    index: false,
    wildcard: true,
    setHeaders(reply, path) {
      reply.header(
        "Cache-Control",
        path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
  const sendIndex = (_: unknown, reply: FastifyReply) =>
    reply.header("Cache-Control", "no-cache").type("text/html; charset=utf-8").send(index);
  for (const route of appRoutes) app.get(`${ownPrefix}${route}`, sendIndex);
  return true;
}

/**
 * Without an upstream, the web app's old addresses at the root keep working: its pages
 * redirect to their place under /auth/ (query kept) of the base path, and `/trpc` is served as
 * `/auth/trpc` (see server.ts), so that bookmarks and scripts written for them do not break.
 */
export function redirectOldPages(app: FastifyInstance, basePath: string): void {
  for (const route of appRoutes) {
    app.get(route, (request, reply) =>
      reply.redirect(`${basePath}${ownPrefix}${request.url}`, 302),
    );
  }
}
