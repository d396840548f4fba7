import { describe, expect, it } from "vitest";
import { logIn, navLink } from "./flows.js";
import { useHarness } from "./harness.js";

const adminPassword = "admin-pass-phrase-42";
const harness = useHarness([`--auth.internal.admin.password=${adminPassword}`]);

describe("admin API keys", () => {
  it("shows a new key once, with a copy button, and deletes it", async () => {
    const page = await harness.newPage({ permissions: ["clipboard-read", "clipboard-write"] });
    await logIn(page, "admin", adminPassword);
    await navLink(page, "API keys").click();

    await page.getByRole("button", { name: "Create API key" }).click();
    await page.getByText("api key name can't be empty").waitFor();

    await page.getByLabel("Name").fill("ci-agent");
    await page.getByLabel("Role").selectOption("Agent");
    await page.getByLabel("Expires").selectOption({ label: "30 days" });
    await page.getByRole("button", { name: "Create API key" }).click();
    await page.getByText("Copy it now: it will not be shown again.").waitFor();
    const key = await page.getByLabel("New API key").inputValue();
    expect(key).toMatch(/^psx-/);

    await page.getByRole("button", { name: "Copy key" }).click();
    await page.getByText("Copied", { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    const keyRow = page.getByRole("row").filter({ hasText: "ci-agent" });
    await keyRow.getByRole("cell", { name: "Agent", exact: true }).waitFor();
    await keyRow.getByText(/in 4 weeks|next month|in 30 days/).waitFor();

    // The key works, as the key's role (sent without the page's cookie, which would come first).
    const asKey = () =>
      fetch(`${new URL(page.url()).origin}/auth/trpc/user.me`, {
        headers: { authorization: `Bearer ${key}` },
      });
    const me = await asKey();
    expect(((await me.json()) as { result: { data: { name: string } } }).result.data.name).toBe(
      "ci-agent",
    );

    // Never again: not after "Done", not after a reload.
    await page.getByRole("button", { name: "Done, I have copied it" }).click();
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await keyRow.waitFor();
    expect(await page.content()).not.toContain(key);

    await keyRow.getByRole("button", { name: "Delete API key ci-agent" }).click();
    await page.getByRole("dialog", { name: "Delete API key ci-agent?" }).waitFor();
    await page.getByRole("button", { name: "Delete API key", exact: true }).click();
    await page.getByText("API key ci-agent deleted.").waitFor();
    await page.getByText("No API keys yet.").waitFor();
    expect((await asKey()).status).toBe(401);
  });
});
