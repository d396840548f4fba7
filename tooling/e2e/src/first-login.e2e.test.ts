import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { logIn, pathOf, strongPassword, submitLogin } from "./flows.js";
import { useHarness } from "./harness.js";

// The built-in admin/admin is created with mustChangePassword; throttling kicks in early here.
const harness = useHarness([
  "--auth.login-throttle.free-failures=3",
  "--auth.login-throttle.initial-delay-seconds=120",
]);

/**
 * The page's session cookie as a header, to replay after signing out: the browser drops the
 * cookie itself, so only a replay shows whether the server ended the session.
 */
async function sessionCookie(page: Page): Promise<{ cookie: string }> {
  const cookie = (await page.context().cookies()).find(({ name }) => name === "pyroscopeJWT");
  if (!cookie) throw new Error("no session cookie");
  return { cookie: `${cookie.name}=${cookie.value}` };
}

describe("first login", () => {
  it("takes admin/admin to the password change before anything else, then where it first went", async () => {
    const page = await harness.newPage();
    await page.goto("/auth/settings");
    await page.waitForURL("**/auth/login?rd=%2Fauth%2Fsettings");
    await page.getByText("Please log in to continue.").waitFor();

    await logIn(page, "admin", "admin");
    await page.waitForURL("**/auth/change-password?rd=%2Fauth%2Fsettings");
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);

    // Nothing else is reachable yet.
    await page.goto("/auth/admin/users");
    await page.waitForURL("**/auth/change-password?rd=%2Fauth%2Fadmin%2Fusers");

    // The policy's messages show before submitting.
    await page.getByLabel("Current password").fill("admin");
    const newPassword = page.getByLabel("New password", { exact: true });
    await newPassword.fill("admin");
    await newPassword.blur();
    await page.getByText("user password must be at least 8 characters").waitFor();
    await newPassword.fill(strongPassword);
    await page.getByLabel("Confirm new password").fill(`${strongPassword}x`);
    await page.getByRole("button", { name: "Change password and continue" }).click();
    await page.getByText("the passwords do not match").waitFor();
    await page.getByLabel("Confirm new password").fill(strongPassword);
    await page.getByRole("button", { name: "Change password and continue" }).click();

    await page.waitForURL("**/admin/users");
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
  });

  it("shows the server's message on a failed login, and the wait once throttled", async () => {
    const page = await harness.newPage();
    await submitLogin(page, "admin", "wrong-password");
    await page.getByRole("alert").getByText("invalid credentials").waitFor();

    await submitLogin(page, "nobody", "whatever");
    await page.getByRole("alert").getByText("invalid credentials").waitFor();
    await submitLogin(page, "nobody", "whatever");
    await submitLogin(page, "nobody", "whatever");
    await submitLogin(page, "nobody", "whatever");
    const alert = page.getByRole("alert");
    await alert.getByText("too many failed login attempts, try again later").waitFor();
    await alert.getByText("You can try again in 2 minutes.").waitFor();
    expect(pathOf(page)).toBe("/auth/login");

    // Empty fields are refused in the browser, with the server's own messages.
    await page.getByLabel("User name").fill("");
    await page.getByLabel("Password", { exact: true }).fill("");
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await page.getByText("user name can't be empty").waitFor();
    await page.getByText("user password can't be empty").waitFor();
  });

  it("goes home from the login page when signed in; signs out, and the session is gone", async () => {
    const page = await harness.newPage();
    await logIn(page, "admin", strongPassword);
    expect(pathOf(page)).toBe("/auth/");
    await page.goto("/auth/login");
    await page.waitForURL((url) => url.pathname === "/auth/");
    await page.getByRole("heading", { name: "Welcome, admin" }).waitFor();

    const session = await sessionCookie(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.goto("/auth/");
    await page.waitForURL("**/login");
    expect((await page.request.get("/auth/trpc/user.me", { headers: session })).status()).toBe(401);
  });

  it("stays signed in, and says so, when the server cannot be reached to sign out", async () => {
    const page = await harness.newPage();
    await logIn(page, "admin", strongPassword);
    const logout = "**/auth/trpc/auth.logout**";
    await page.route(logout, (route) => route.abort("failed"));
    await page.getByRole("button", { name: "Sign out" }).click();
    await page
      .getByRole("alert")
      .getByText(
        "cannot reach the server, check your connection and try again: you are still signed in",
      )
      .waitFor();
    expect(pathOf(page)).toBe("/auth/");
    expect((await page.request.get("/auth/trpc/user.me")).status()).toBe(200);

    await page.unroute(logout);
    const session = await sessionCookie(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    expect((await page.request.get("/auth/trpc/user.me", { headers: session })).status()).toBe(401);
  });
});
