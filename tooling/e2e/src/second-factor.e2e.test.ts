import { totpCode } from "@pyroscope-auth/db/testing";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { navLink, submitLogin } from "./flows.js";
import { useHarness } from "./harness.js";

const adminPassword = "admin-pass-phrase-42";
const harness = useHarness([`--auth.internal.admin.password=${adminPassword}`]);
const ottoPassword = "otto-pass-phrase-7";
/** A recovery code of the admin's, set up by the first test and left unused by it. */
let adminSpare = "";

/** The code the app shows `offsetSeconds` from now. */
const codeIn = (secret: string, offsetSeconds = 0) =>
  totpCode(secret, new Date(Date.now() + offsetSeconds * 1000));

/** Password first; resolves on the second step's form. */
async function passwordStep(page: Page) {
  await submitLogin(page, "admin", adminPassword);
  const form = page.getByRole("form", { name: "Two-factor authentication" });
  await form.waitFor();
  return form;
}

async function enterCode(page: Page, code: string) {
  const form = page.getByRole("form", { name: "Two-factor authentication" });
  await form.getByLabel("Code").fill(code);
  const answer = page.waitForResponse((response) =>
    response.url().includes("/auth/trpc/auth.completeSignIn"),
  );
  await form.getByRole("button", { name: "Continue" }).click();
  return answer;
}

/** Sets up an app in Settings from the secret on the page; returns it and the recovery codes. */
async function setUpInSettings(page: Page) {
  await navLink(page, "Settings").click();
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const setup = page.getByRole("form", { name: "Set up an authenticator app" });
  await setup.getByRole("img", { name: /QR code/ }).waitFor();
  const secret = (await setup.getByTestId("totp-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await setup.getByLabel("Code from the app").fill("000000");
  await setup.getByRole("button", { name: "Turn on" }).click();
  await setup.getByRole("alert").getByText("invalid code").waitFor();
  await setup.getByLabel("Code from the app").fill(codeIn(secret));
  await setup.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect.poll(() => codes.count()).toBe(10);
  const recoveryCodes = await codes.allTextContents();
  await page.getByRole("button", { name: "I have saved them" }).click();
  await page.getByText("10 recovery codes left").waitFor();
  return { secret, recoveryCodes };
}

describe("two-factor authentication", () => {
  it("is set up in Settings from the page's secret, then asked for at sign-in, each code once", async () => {
    const page = await harness.newPage();
    await submitLogin(page, "admin", adminPassword);
    const { secret, recoveryCodes } = await setUpInSettings(page);
    const [recovery = "", spare = ""] = recoveryCodes;
    adminSpare = spare;

    // The password alone opens no session: nothing signed in yet.
    const other = await harness.newPage();
    await passwordStep(other);
    expect((await other.request.get("/auth/trpc/user.me")).status()).toBe(401);
    expect((await enterCode(other, "000000")).status()).toBe(400);
    await other.getByRole("alert").getByText("invalid code").waitFor();
    // The next step's code: the one the setup took is used up.
    const next = codeIn(secret, 30);
    expect((await enterCode(other, next)).status()).toBe(200);
    await other.waitForURL((url) => !url.pathname.endsWith("/auth/login"));
    expect((await other.request.get("/auth/trpc/user.me")).status()).toBe(200);

    // The same code again is refused; a recovery code works, once.
    const third = await harness.newPage();
    await passwordStep(third);
    expect((await enterCode(third, next)).status()).toBe(400);
    expect((await enterCode(third, recovery)).status()).toBe(200);
    await third.waitForURL((url) => !url.pathname.endsWith("/auth/login"));
    const fourth = await harness.newPage();
    await passwordStep(fourth);
    expect((await enterCode(fourth, recovery)).status()).toBe(400);
  });

  it("is reset by an admin on the Users page: the user is signed out and signs in with the password", async () => {
    const admin = await harness.newPage();
    await passwordStep(admin);
    // The admin set up an app in the test before.
    await enterCode(admin, adminSpare);
    await admin.waitForURL((url) => !url.pathname.endsWith("/auth/login"));
    await navLink(admin, "Users").click();
    await admin.getByRole("button", { name: "Create user" }).click();
    const create = admin.getByRole("dialog", { name: "Create user" });
    await create.getByLabel("User name").fill("otto");
    await create.getByLabel("Password", { exact: true }).fill(ottoPassword);
    await create.getByLabel("Role").selectOption("ReadOnly");
    await create.getByRole("button", { name: "Create user" }).click();
    await admin.getByText("User otto created.").waitFor();

    const otto = await harness.newPage();
    await submitLogin(otto, "otto", ottoPassword);
    await setUpInSettings(otto);
    await navLink(admin, "Home").click();
    await navLink(admin, "Users").click();
    const row = admin.getByRole("row").filter({ has: admin.getByText("otto", { exact: true }) });
    await row.getByText("Two-factor on").waitFor();
    await row.getByRole("button", { name: "Reset two-factor of otto" }).click();
    await admin.getByRole("button", { name: "Reset two-factor", exact: true }).click();
    await admin
      .getByText("Two-factor authentication of otto removed. Their sessions were signed out.")
      .waitFor();
    await navLink(otto, "Home").click();
    await otto.waitForURL("**/auth/login**");
    await submitLogin(otto, "otto", ottoPassword);
    await otto.waitForURL((url) => !url.pathname.endsWith("/auth/login"));
  });
});
