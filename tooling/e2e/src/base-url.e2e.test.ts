import { describe, expect, it } from "vitest";
import { changeInitialPassword, navLink, pathOf, strongPassword, submitLogin } from "./flows.js";
import { proxiedPath, useHarness } from "./harness.js";

// base-url in a real browser: the gateway under /pyroscope/ of a host it shares, behind nginx
// (deploy/nginx/pyroscope-auth-under-path.conf), which strips that path. Every page, asset, API
// call, cookie and return stays under /pyroscope/; the stand-in Pyroscope sees its own paths.

const harness = useHarness([], { underPath: true });

describe("under base-url, behind nginx", () => {
  it("sends a person to the login page under the path, signs them in and back to their page", async () => {
    const page = await harness.newPage();
    await page.goto(`${harness.baseUrl()}/explore?from=now-1h`);
    await page.waitForURL(`**${proxiedPath}/auth/login?rd=%2Fpyroscope%2Fexplore%3Ffrom%3Dnow-1h`);
    expect(harness.upstream().requests).toEqual([]);

    await submitLogin(page, "admin", "admin");
    await page.waitForURL(`**${proxiedPath}/auth/change-password?rd=*`);
    await changeInitialPassword(page);

    await page.waitForURL((url) => url.pathname === `${proxiedPath}/explore`);
    expect(pathOf(page)).toBe(`${proxiedPath}/explore?from=now-1h`);
    await page.getByRole("heading", { name: "Pyroscope UI" }).waitFor();
    expect(await page.locator("#url").textContent()).toBe("/explore?from=now-1h");
    const cookies = await page.context().cookies();
    expect(cookies.find((cookie) => cookie.name === "pyroscopeJWT")?.path).toBe(`${proxiedPath}/`);
  });

  it("returns nowhere outside the path; serves a deep page with its assets, linking the Pyroscope UI", async () => {
    const page = await harness.newPage();
    // Another site of the same host name: not a place to send someone after signing in.
    await page.goto(`${harness.baseUrl()}/auth/login?rd=${encodeURIComponent("/other-site/")}`);
    await submitLogin(page, "admin", strongPassword);
    await page.waitForURL((url) => url.pathname === `${proxiedPath}/`);
    await page.goto(`${harness.baseUrl()}/auth/admin/users`);
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    expect(await navLink(page, "Pyroscope").getAttribute("href")).toBe(`${proxiedPath}/`);
    await navLink(page, "Settings").click();
    await page.waitForURL((url) => url.pathname === `${proxiedPath}/auth/settings`);
  });
});
