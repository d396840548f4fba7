import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeScript, seriousViolations } from "./accessibility.js";
import {
  changeInitialPassword,
  focusIsVisible,
  logIn,
  navLink,
  strongPassword,
  tabTo,
} from "./flows.js";
import { desktop, phone, screenshot, useHarness } from "./harness.js";

const harness = useHarness(["--auth.internal.signup-enabled"]);

const viewports = [
  ["", desktop],
  ["-360px", phone],
] as const;

async function expectNoSidewaysScroll(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}

/**
 * At each viewport: axe finds nothing serious or critical, nothing scrolls sideways, and the
 * screenshot is saved as <name>.png / <name>-360px.png.
 */
async function check(page: Page, name: string): Promise<void> {
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  for (const [suffix, viewport] of viewports) {
    await page.setViewportSize(viewport);
    expect(await seriousViolations(page), `axe on ${name}${suffix}`).toEqual([]);
    await expectNoSidewaysScroll(page, `${name}${suffix}`);
    await screenshot(page, `${name}${suffix}`);
  }
  await page.setViewportSize(desktop);
}

describe("every page", () => {
  it("has no serious accessibility violation and fits a 360 px screen", async () => {
    const page = await harness.newPage({ initScripts: [axeScript] });
    await page.goto("/auth/login");
    await check(page, "login");
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.getByLabel("Password", { exact: true }).fill("kitten");
    await check(page, "signup");

    // admin/admin must choose a new password first: that page is next.
    await logIn(page, "admin", "admin");
    await page.getByLabel("New password", { exact: true }).fill("admin");
    await check(page, "change-password");
    await changeInitialPassword(page);
    await page.waitForURL((url) => url.pathname === "/auth/");

    await check(page, "home");
    await navLink(page, "Settings").click();
    await page.getByText("This device").waitFor();
    await check(page, "settings");
    await navLink(page, "Users").click();
    await page.getByText("Your own account").waitFor();
    await page.getByRole("button", { name: "Create user" }).click();
    const dialog = page.getByRole("dialog", { name: "Create user" });
    await dialog.getByLabel("User name").fill("robin");
    await dialog.getByLabel("Password", { exact: true }).fill("robin");
    await check(page, "admin-users-create");
    await dialog.getByLabel("Password", { exact: true }).fill(strongPassword);
    await dialog.getByRole("button", { name: "Create user" }).click();
    // The table with a row of every kind: one's own (protected) and another's (all controls).
    await page.getByRole("button", { name: "Delete robin" }).waitFor();
    await check(page, "admin-users");
    await navLink(page, "API keys").click();
    await page.getByLabel("Name").fill("agent");
    await page.getByRole("button", { name: "Create API key" }).click();
    await page.getByText("Copy it now").waitFor();
    await check(page, "admin-api-keys");
  });

  it("wraps a long user name (one word, 240 bytes) instead of scrolling sideways", async () => {
    const longName = "Ж".repeat(120);
    const page = await harness.newPage();
    await logIn(page, "admin", strongPassword);
    await navLink(page, "Users").click();
    await page.getByRole("button", { name: "Create user" }).click();
    const dialog = page.getByRole("dialog", { name: "Create user" });
    await dialog.getByLabel("User name").fill(longName);
    await dialog.getByLabel("Password", { exact: true }).fill(strongPassword);
    await dialog.getByRole("button", { name: "Create user" }).click();
    await page.getByRole("button", { name: `Delete ${longName}` }).waitFor();
    const own = await harness.newPage();
    await logIn(own, longName, strongPassword);
    await own.getByRole("heading", { name: `Welcome, ${longName}` }).waitFor();
    for (const [suffix, viewport] of viewports) {
      await page.setViewportSize(viewport);
      await expectNoSidewaysScroll(page, `users${suffix}`);
      await own.setViewportSize(viewport);
      await expectNoSidewaysScroll(own, `home${suffix}`);
    }
  });

  it("can be used with the keyboard alone, with focus always visible", async () => {
    const page = await harness.newPage();
    await page.goto("/auth/signup");
    await tabTo(page, "input[name=name]");
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.type("kim");
    await tabTo(page, "input[name=password]");
    await page.keyboard.type(strongPassword);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/auth/");
    await page.getByRole("heading", { name: "Welcome, kim" }).waitFor();

    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Skip to main content",
    );
    expect(await focusIsVisible(page)).toBe(true);
    await tabTo(page, "a[href='/auth/settings']");
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/settings");
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
    await tabTo(page, "input[name=fullName]");
    await page.keyboard.type("Kim Keyboard");
    await page.keyboard.press("Enter");
    await page.getByText("Profile saved.").waitFor();

    // Past the end of the page, Tab comes round to the header's Sign out.
    await tabTo(page, ".account button", 60);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/login");
  });
});
