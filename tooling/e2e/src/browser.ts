import { type Browser, type BrowserServer, chromium } from "playwright-core";

/** Debian's Chromium (the project's test command installs it with apt); never a downloaded one. */
const chromiumPath = "/usr/bin/chromium";

/**
 * Headless Chromium with nothing of its own on the network: without the background-networking
 * flags it keeps dialling Google, which this machine's closed network refuses. Playwright gives
 * the launch a fresh temporary user-data-dir and removes it on close.
 */
export function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A connection of one test file to the run's browser; closing it closes only its contexts. */
export function connectBrowser(wsEndpoint: string): Promise<Browser> {
  return chromium.connect(wsEndpoint);
}
