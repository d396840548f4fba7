import type { Locator, Page } from "playwright-core";

/** A password the policy accepts (long, not common, not the user's name). */
export const strongPassword = "correct-horse-battery-7";

/** Fills the login form and submits it; resolves once the answer is on screen. */
export async function submitLogin(page: Page, name: string, password: string): Promise<void> {
  if (!new URL(page.url()).pathname.endsWith("/auth/login")) await page.goto("/auth/login");
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password", { exact: true }).fill(password);
  const answer = page.waitForResponse((response) =>
    response.url().includes("/auth/trpc/auth.login"),
  );
  await page.getByRole("button", { name: "Log in", exact: true }).click();
  await answer;
}

/** On the first sign-in's page, changes the initial password `admin` to strongPassword. */
export async function changeInitialPassword(page: Page): Promise<void> {
  await page.getByLabel("Current password").fill("admin");
  await page.getByLabel("New password", { exact: true }).fill(strongPassword);
  await page.getByLabel("Confirm new password").fill(strongPassword);
  await page.getByRole("button", { name: "Change password and continue" }).click();
}

/** Logs in and waits until the app has left the login page. */
export async function logIn(page: Page, name: string, password: string): Promise<void> {
  await submitLogin(page, name, password);
  await page.waitForURL((url) => url.pathname !== "/auth/login");
}

export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** A link of the header's main navigation. */
export function navLink(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}

/**
 * Presses Tab until the focused element matches `selector`; fails after `limit` presses. Only
 * once such an element is shown: a page's code may still be loading after its load event, and
 * presses before it renders would be spent on nothing.
 */
export async function tabTo(page: Page, selector: string, limit = 25): Promise<void> {
  await page.locator(selector).first().waitFor({ state: "visible" });
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Whether `element` has the keyboard focus. */
export function hasFocus(element: Locator): Promise<boolean> {
  return element.evaluate((node) => node === document.activeElement);
}

/** Whether the focused element draws a focus indicator (an outline that is not "none"). */
export function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    if (!focused) return false;
    const style = getComputedStyle(focused);
    return style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0;
  });
}
