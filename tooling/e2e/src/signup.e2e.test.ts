import { describe, expect, it } from "vitest";
import { axeScript, seriousViolations } from "./accessibility.js";
import { logIn, navLink, strongPassword } from "./flows.js";
import { screenshot, useHarness } from "./harness.js";

describe("sign-up enabled", () => {
  const harness = useHarness(["--auth.internal.signup-enabled"]);

  it("creates an account with the policy's messages shown before submitting, and signs in", async () => {
    const page = await harness.newPage();
    await page.goto("/auth/login");
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.waitForURL("**/signup");

    // The browser may fill in the person's own details here.
    expect(await page.getByLabel("User name").getAttribute("autocomplete")).toBe("username");
    expect(await page.getByLabel("Email (optional)").getAttribute("autocomplete")).toBe("email");
    expect(await page.getByLabel("Full name (optional)").getAttribute("autocomplete")).toBe("name");
    await page.getByLabel("User name").fill("dana");
    await page.getByLabel("Email (optional)").fill("not-an-email");
    const password = page.getByLabel("Password", { exact: true });
    await password.fill("password");
    await password.blur();
    await page.getByText("user email is invalid").waitFor();
    await page.getByText("user password is too common").waitFor();
    await page.getByText("Strength: very weak").waitFor();
    await password.fill("dana");
    await page.getByText("user password must be at least 8 characters").waitFor();

    await page.getByLabel("Email (optional)").fill("dana@example.com");
    await page.getByLabel("Full name (optional)").fill("Dana Scully");
    await password.fill(strongPassword);
    await page.getByText("Strength: strong").waitFor();
    await page.getByRole("button", { name: "Create account" }).click();

    await page.waitForURL((url) => url.pathname === "/auth/");
    await page.getByRole("heading", { name: "Welcome, Dana Scully" }).waitFor();
    // The default sign-up role, and no admin pages for it.
    expect(await page.getByRole("definition").filter({ hasText: "ReadOnly" }).count()).toBe(1);
    expect(await navLink(page, "Users").count()).toBe(0);
  });

  it("shows the server's refusal next to the field, and takes focus there", async () => {
    const page = await harness.newPage();
    await page.goto("/auth/signup");
    await page.getByLabel("User name").fill("admin");
    await page.getByLabel("Password", { exact: true }).fill(strongPassword);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("user with this name already exists").waitFor();
    expect(await page.getByLabel("User name").getAttribute("aria-invalid")).toBe("true");
    // Keyboard and screen-reader users land on what to fix, as with the browser's own checks.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("name")))
      .toBe("name");
  });
});

describe("sign-up disabled", () => {
  const harness = useHarness([]);

  it("has no sign-up link and says so on /signup", async () => {
    const page = await harness.newPage({ initScripts: [axeScript] });
    await page.goto("/auth/login");
    await page.getByRole("button", { name: "Log in", exact: true }).waitFor();
    expect(await page.getByRole("link", { name: "Sign up" }).count()).toBe(0);
    await page.goto("/auth/signup");
    await page.getByRole("heading", { name: "Sign-up is disabled" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "signup-disabled");
    expect(await page.getByLabel("Password", { exact: true }).count()).toBe(0);
    await page.getByRole("link", { name: "Log in" }).click();
    await page.waitForURL("**/login");
    await logIn(page, "admin", "admin");
  });
});
