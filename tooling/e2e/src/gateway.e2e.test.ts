import { describe, expect, it } from "vitest";
import { changeInitialPassword, pathOf, strongPassword, submitLogin } from "./flows.js";
import { useHarness } from "./harness.js";

// The gateway in a real browser: a Pyroscope page opened without a session goes to the login
// page and, once signed in, comes back to that page, served by the (stand-in) upstream.

const harness = useHarness([], { gateway: true });

describe("signing in through the gateway", () => {
  it("opens /explore?from=now-1h, signs in (changing the first password) and lands there, from the upstream", async () => {
    const page = await harness.newPage();
    await page.goto("/explore?from=now-1h");
    await page.waitForURL("**/auth/login?rd=%2Fexplore%3Ffrom%3Dnow-1h");
    expect(harness.upstream().requests).toEqual([]);

    await submitLogin(page, "admin", "admin");
    await page.waitForURL("**/auth/change-password?rd=%2Fexplore%3Ffrom%3Dnow-1h");
    await changeInitialPassword(page);

    await page.waitForURL((url) => url.pathname === "/explore");
    expect(pathOf(page)).toBe("/explore?from=now-1h");
    await page.getByRole("heading", { name: "Pyroscope UI" }).waitFor();
    expect(await page.locator("#url").textContent()).toBe("/explore?from=now-1h");
    const served = harness
      .upstream()
      .requests.find((request) => request.url.startsWith("/explore"));
    expect(served?.headers["x-auth-request-user"]).toBe("admin");
    expect(served?.headers.cookie ?? "").not.toContain("pyroscopeJWT");
  });

  it("lands a person signing in with no page to return to on the Pyroscope UI, with the account pages linked", async () => {
    const page = await harness.newPage();
    await page.goto("/auth/login");
    await submitLogin(page, "admin", strongPassword);
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: "Pyroscope UI" }).waitFor();

    await page.goto("/auth/settings");
    const pyroscope = page.getByRole("navigation", { name: "Main" }).getByRole("link", {
      name: "Pyroscope",
      exact: true,
    });
    expect(await pyroscope.getAttribute("href")).toBe("/");
  });

  for (const rd of [
    "https://elsewhere.example/",
    "//elsewhere.example/",
    "/\\elsewhere.example/",
    "/\t/elsewhere.example/",
    "/.//elsewhere.example/",
  ]) {
    it(`never leaves the origin after signing in: rd=${JSON.stringify(rd)} lands on /`, async () => {
      const page = await harness.newPage();
      await page.goto(`/auth/login?rd=${encodeURIComponent(rd)}`);
      const origin = new URL(page.url()).origin;
      await submitLogin(page, "admin", strongPassword);
      await page.waitForURL((url) => url.pathname === "/");
      expect(new URL(page.url()).origin).toBe(origin);
      await page.getByRole("heading", { name: "Pyroscope UI" }).waitFor();
    });
  }
});
