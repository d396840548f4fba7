import { totpCode } from "@pyroscope-auth/db/testing";
import { expect, it } from "vitest";
import { changeInitialPassword, pathOf, submitLogin } from "./flows.js";
import { useHarness } from "./harness.js";

// auth.internal.totp.required-roles=[Admin] in a real browser behind the gateway: the first
// admin changes the password, then must set up an app before any page, ours or Pyroscope's.

const harness = useHarness(["--auth.internal.totp.required-roles=Admin"], { gateway: true });

it("makes an Admin set up an app before anything else, then goes on to the page asked for", async () => {
  const page = await harness.newPage();
  await page.goto("/explore?from=now-1h");
  await submitLogin(page, "admin", "admin");
  await page.waitForURL("**/auth/change-password?rd=%2Fexplore%3Ffrom%3Dnow-1h");
  await changeInitialPassword(page);

  // Pyroscope's page sends the browser to the set-up, and so does one of ours.
  await page.waitForURL("**/auth/set-up-two-factor?rd=%2Fexplore%3Ffrom%3Dnow-1h");
  await page.goto("/auth/admin/users");
  await page.waitForURL("**/auth/set-up-two-factor?rd=%2Fauth%2Fadmin%2Fusers");
  await page.getByText("As an Admin, you sign in with a code").waitFor();
  expect(harness.upstream().requests).toEqual([]);

  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const setup = page.getByRole("form", { name: "Set up an authenticator app" });
  const secret = (await setup.getByTestId("totp-secret").textContent()) ?? "";
  await setup.getByLabel("Code from the app").fill(totpCode(secret, new Date()));
  await setup.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect.poll(() => codes.count()).toBe(10);
  await page.getByRole("button", { name: "I have saved them, continue" }).click();
  await page.getByRole("heading", { name: "Users" }).waitFor();
  expect(pathOf(page)).toBe("/auth/admin/users");

  await page.goto("/explore");
  await page.getByRole("heading", { name: "Pyroscope UI" }).waitFor();
  await page.goto("/auth/settings");
  await page.getByText("Your role requires it, so it stays on").waitFor();
  expect(await page.getByRole("button", { name: "Turn off" }).count()).toBe(0);
});
