import { expect, it } from "vitest";
import { navLink, submitLogin } from "./flows.js";
import { useHarness } from "./harness.js";

const adminPassword = "admin-pass-phrase-42";
const harness = useHarness([
  `--auth.internal.admin.password=${adminPassword}`,
  "--auth.internal.totp.enabled=false",
]);

it("offers no set-up of two-factor authentication while auth.internal.totp.enabled is false", async () => {
  const page = await harness.newPage();
  await submitLogin(page, "admin", adminPassword);
  await navLink(page, "Settings").click();
  await page.getByText("Setting it up is turned off on this server.").waitFor();
  const setUp = page.getByRole("button", { name: "Set up two-factor authentication" });
  expect(await setUp.isDisabled()).toBe(true);
});
