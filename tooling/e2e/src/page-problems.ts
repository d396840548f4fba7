import type { Page } from "playwright-core";

/**
 * Chromium logs every 4xx answer, and every request left unanswered, as "Failed to load
 * resource". From /trpc those are what the page is showing: the API's refusals (wrong password,
 * "not signed in" on the login page) and "cannot reach the server" (tests cut the network for
 * that). From anywhere else (a script, a stylesheet) they are real problems.
 */
function isShownByThePage(text: string, url: string): boolean {
  return (
    /^Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_FAILED)/.test(
      text,
    ) && new URL(url).pathname.startsWith("/auth/trpc/")
  );
}

/** Collects console errors, uncaught exceptions and CSP violations of a page. */
export function watchPage(page: Page): () => string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    const url = message.location().url;
    if (url && isShownByThePage(message.text(), url)) return;
    problems.push(`console ${message.type()}: ${message.text()} (${url})`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  return () => [...problems];
}
