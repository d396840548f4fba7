import { join } from "node:path";
import {
  htmlPage,
  type RecordingUpstream,
  type ServerProcess,
  startRecordingUpstream,
} from "@pyroscope-auth/api/testing";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { connectBrowser } from "./browser.js";
import { watchPage } from "./page-problems.js";
import { resultsDir } from "./paths.js";
import { type ReverseProxy, type ReverseProxyKind, startReverseProxy } from "./reverse-proxies.js";
import { startServer } from "./server.js";

export const desktop = { width: 1280, height: 800 } as const;
export const phone = { width: 360, height: 740 } as const;

export interface PageOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly permissions?: string[];
  /** Scripts run in every document of the page before its own (e.g. axe-core). */
  readonly initScripts?: readonly string[];
  /** Keep the page for the file's later tests (a signed-in admin) instead of closing it after this one. */
  readonly keepOpen?: boolean;
}

export interface Harness {
  /** A page in a context of its own: one browser profile, one person signed in. */
  newPage(options?: PageOptions): Promise<Page>;
  /** The stand-in Pyroscope behind the gateway or the front proxy, when there is one. */
  upstream(): RecordingUpstream;
  /** The server itself. */
  serverUrl(): string;
  /** Where pages are opened: the front proxy when there is one (under its path), else the server. */
  baseUrl(): string;
}

export interface HarnessOptions {
  /**
   * Put the server in front of a stand-in Pyroscope (`gateway.upstream-url`) whose every page
   * is titled "Pyroscope UI" and shows its own path and query.
   */
  readonly gateway?: boolean;
  /**
   * Put nginx or Caddy, run from deploy/'s config, in front of a stand-in Pyroscope, asking the
   * server (which trusts 127.0.0.1 as its proxy) through /auth/verify; pages open through it.
   */
  readonly frontProxy?: ReverseProxyKind;
  /**
   * Put the server, as a gateway in front of a stand-in Pyroscope, under `/pyroscope/` behind
   * nginx (deploy/nginx/pyroscope-auth-under-path.conf, which strips that path), with
   * `base-url: /pyroscope/`; baseUrl() then ends with /pyroscope.
   */
  readonly underPath?: boolean;
}

/** The path of the underPath harness. */
export const proxiedPath = "/pyroscope";

/**
 * One server and a connection to the run's browser for a test file (src/global-setup.ts). A
 * test's pages are closed after it (unless kept open), and the test fails if any page logged an
 * error meanwhile (console, uncaught exception, CSP violation).
 */
export function useHarness(
  flags: readonly string[] = [],
  { gateway = false, frontProxy, underPath = false }: HarnessOptions = {},
): Harness {
  let server: ServerProcess | undefined;
  let upstream: RecordingUpstream | undefined;
  let proxy: ReverseProxy | undefined;
  let browser: Browser | undefined;
  const open: Array<{
    context: BrowserContext;
    problems: () => string[];
    keepOpen: boolean;
    /** Problems already reported by an earlier test. */
    reported: number;
  }> = [];

  beforeAll(async () => {
    if (gateway || frontProxy || underPath) {
      upstream = await startRecordingUpstream();
      upstream.answer(htmlPage("Pyroscope UI"));
    }
    const extraFlags = !upstream
      ? []
      : frontProxy
        ? ["--auth.trusted-proxies=127.0.0.1"]
        : [`--gateway.upstream-url=${upstream.url}`];
    if (underPath)
      extraFlags.push(`--base-url=${proxiedPath}/`, "--auth.trusted-proxies=127.0.0.1");
    [server, browser] = await Promise.all([
      startServer([...flags, ...extraFlags]),
      connectBrowser(inject("browserEndpoint")),
    ]);
    const proxyConfig = underPath ? "nginx-under-path" : frontProxy;
    if (proxyConfig && upstream)
      proxy = await startReverseProxy(proxyConfig, {
        auth: new URL(server.url).host,
        upstream: new URL(upstream.url).host,
      });
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await server?.stop();
    await upstream?.close();
  });
  afterEach(async () => {
    const problems = open.flatMap((page) => {
      const all = page.problems();
      const fresh = all.slice(page.reported);
      page.reported = all.length;
      return fresh;
    });
    for (const page of open.filter((each) => !each.keepOpen)) {
      open.splice(open.indexOf(page), 1);
      await page.context.close();
    }
    expect(problems, "console errors in the browser").toEqual([]);
  });

  return {
    async newPage({
      viewport = desktop,
      permissions = [],
      initScripts = [],
      keepOpen = false,
    } = {}) {
      if (!browser || !server) throw new Error("harness not started");
      const baseURL = proxy?.url ?? server.url;
      const context = await browser.newContext({ baseURL, viewport, permissions });
      for (const path of initScripts) await context.addInitScript({ path });
      const page = await context.newPage();
      open.push({ context, problems: watchPage(page), keepOpen, reported: 0 });
      return page;
    },
    upstream() {
      if (!upstream) throw new Error("this harness has no upstream (gateway or frontProxy)");
      return upstream;
    },
    serverUrl() {
      if (!server) throw new Error("harness not started");
      return server.url;
    },
    baseUrl() {
      if (!server) throw new Error("harness not started");
      return proxy ? `${proxy.url}${underPath ? proxiedPath : ""}` : server.url;
    },
  };
}

/** Saves the whole page under tooling/e2e/test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
}
