import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/**
 * axe-core's browser build. The app's CSP (script-src 'self') refuses the inline <script> that
 * page.addScriptTag would add, so pages to scan get it as an init script of their context
 * (`newPage({ initScripts: [axeScript] })`), which the DevTools protocol injects past the CSP
 * while the app itself stays under it.
 */
export const axeScript = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeResults {
  violations: Array<{
    id: string;
    impact?: string | null;
    help: string;
    nodes: Array<{ target: unknown[] }>;
  }>;
}

/** axe-core's serious and critical findings on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  );
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} at ${violation.nodes
          .map((node) => JSON.stringify(node.target))
          .join(", ")}`,
    );
}
