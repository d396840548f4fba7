import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { logIn, navLink, strongPassword } from "./flows.js";
import { useHarness } from "./harness.js";

const adminPassword = "admin-pass-phrase-42";
const harness = useHarness([`--auth.internal.admin.password=${adminPassword}`]);

// "here": the admin's browser for the whole file; the tests open a second one ("there").
let here: Page;
beforeAll(async () => {
  here = await harness.newPage({ keepOpen: true });
  await logIn(here, "admin", adminPassword);
});

/** Opens Settings afresh (through Home, so that every list is fetched again). */
async function openSettings(): Promise<void> {
  await navLink(here, "Home").click();
  await navLink(here, "Settings").click();
  await here.getByText("This device").waitFor();
}

describe("settings", () => {
  it("edits the profile", async () => {
    await openSettings();
    await here.getByLabel("Full name").fill("Ada Admin");
    await here.getByLabel("Email").fill("broken");
    await here.getByLabel("Email").blur();
    await here.getByText("user email is invalid").waitFor();
    await here.getByLabel("Email").fill("ada@example.com");
    await here.getByRole("button", { name: "Save profile" }).click();
    await here.getByText("Profile saved.").waitFor();
    await navLink(here, "Home").click();
    await here.getByRole("heading", { name: "Welcome, Ada Admin" }).waitFor();
    await here.getByText("ada@example.com").waitFor();
  });

  it("lists sessions with device, address and last seen, and signs out another", async () => {
    const there = await harness.newPage();
    await logIn(there, "admin", adminPassword);
    await openSettings();
    const sessions = here.getByRole("listitem").filter({ hasText: "Chrome on Linux" });
    await expect.poll(() => sessions.count()).toBe(2);
    await sessions
      .filter({ hasText: "This device" })
      .getByText(/127\.0\.0\.1 · last seen/)
      .waitFor();

    await sessions.getByRole("button", { name: /^Sign out Chrome on Linux/ }).click();
    await here.getByText("Session signed out.").waitFor();
    await expect.poll(() => sessions.count()).toBe(1);

    await there.reload();
    await there.waitForURL("**/login");
  });

  it("changes the password, which signs out the other sessions", async () => {
    const there = await harness.newPage();
    await logIn(there, "admin", adminPassword);
    await openSettings();

    await here.getByLabel("Current password").fill("not-my-password");
    await here.getByLabel("New password", { exact: true }).fill(strongPassword);
    await here.getByLabel("Confirm new password").fill(strongPassword);
    await here.getByRole("button", { name: "Change password", exact: true }).click();
    await here.getByText("invalid password").waitFor();

    await here.getByLabel("Current password").fill(adminPassword);
    await here.getByRole("button", { name: "Change password", exact: true }).click();
    await here.getByText("Password changed. Your other sessions were signed out.").waitFor();
    expect(await here.getByLabel("Current password").inputValue()).toBe("");

    await navLink(there, "Settings").click();
    await there.waitForURL("**/auth/login?rd=%2Fauth%2Fsettings");
    await there
      .getByText("Your session has ended; anything not saved was not kept. Please log in again.")
      .waitFor();
    await logIn(there, "admin", strongPassword);

    await openSettings();
    await here.getByRole("button", { name: "Sign out all other sessions" }).click();
    await here.getByText("1 other session signed out.").waitFor();
  });
});
