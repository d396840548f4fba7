import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { hasFocus, logIn, navLink, pathOf, strongPassword, submitLogin } from "./flows.js";
import { useHarness } from "./harness.js";

// A policy-compliant admin password: no forced change, straight to the admin pages.
const adminPassword = "admin-pass-phrase-42";
const harness = useHarness([`--auth.internal.admin.password=${adminPassword}`]);

// One admin, signed in for the whole file, on the users page at the start of every test.
let adminPage: Page;
beforeAll(async () => {
  adminPage = await harness.newPage({ keepOpen: true });
  await logIn(adminPage, "admin", adminPassword);
});

async function openUsers(): Promise<Page> {
  // Through Home, so that the page starts afresh (no search left from the test before).
  await navLink(adminPage, "Home").click();
  await navLink(adminPage, "Users").click();
  await adminPage.getByRole("heading", { name: "Users", level: 1 }).waitFor();
  return adminPage;
}

function row(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByText(name, { exact: true }) });
}

async function createUser(admin: Page, name: string, role: string): Promise<void> {
  await admin.getByRole("button", { name: "Create user" }).click();
  const dialog = admin.getByRole("dialog", { name: "Create user" });
  // It opens on its first field, and offers none of the admin's own saved details.
  const userName = dialog.getByLabel("User name");
  await expect.poll(() => hasFocus(userName)).toBe(true);
  expect(await userName.getAttribute("autocomplete")).toBe("off");
  for (const label of ["Email (optional)", "Full name (optional)"])
    expect(await dialog.getByLabel(label).getAttribute("autocomplete"), label).toBe("off");
  await userName.fill(name);
  await dialog.getByLabel("Full name (optional)").fill(`${name} Tester`);
  await dialog.getByLabel("Password", { exact: true }).fill(strongPassword);
  await dialog.getByLabel("Role").selectOption(role);
  await dialog.getByRole("button", { name: "Create user" }).click();
  await admin.getByRole("status").getByText(`User ${name} created.`).waitFor();
}

describe("admin users", () => {
  it("creates a user who then logs in; the admin's own row is protected", async () => {
    const admin = await openUsers();
    const own = row(admin, "admin");
    await own.getByText("Your own account").waitFor();
    expect(await own.getByRole("button").count()).toBe(0);
    expect(await own.getByRole("combobox").count()).toBe(0);

    // The create form shows the rules' messages before sending.
    await admin.getByRole("button", { name: "Create user" }).click();
    const dialog = admin.getByRole("dialog", { name: "Create user" });
    await dialog.getByRole("button", { name: "Create user" }).click();
    await dialog.getByText("user name can't be empty").waitFor();
    await dialog.getByText("user password can't be empty").waitFor();
    await admin.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    await createUser(admin, "bob", "ReadOnly");
    expect(await row(admin, "bob").getByLabel("Role of bob").inputValue()).toBe("ReadOnly");

    const bob = await harness.newPage();
    await logIn(bob, "bob", strongPassword);
    await bob.getByRole("heading", { name: "Welcome, bob Tester" }).waitFor();
    expect(await navLink(bob, "Users").count()).toBe(0);
    await bob.goto("/auth/admin/users");
    await bob.getByRole("heading", { name: "Permission denied" }).waitFor();

    // Search narrows the table.
    await admin.getByLabel("Search users").fill("tester");
    await admin.getByText("1 of 2 users").waitFor();
    expect(await row(admin, "admin").count()).toBe(0);
  });

  it("role change and disable take effect at once for the user's open session", async () => {
    const admin = await openUsers();
    await createUser(admin, "carol", "ReadOnly");
    const carol = await harness.newPage();
    await logIn(carol, "carol", strongPassword);
    await navLink(carol, "Settings").waitFor();

    await row(admin, "carol").getByLabel("Role of carol").selectOption("Admin");
    await row(admin, "carol").getByRole("button", { name: "Save role of carol" }).click();
    await admin.getByText("carol is now Admin. Their sessions were signed out.").waitFor();

    // carol's open page: the next thing she does finds her signed out, and after logging in
    // again she is back where she was, now an Admin.
    await navLink(carol, "Settings").click();
    await carol.waitForURL("**/auth/login?rd=%2Fauth%2Fsettings");
    await carol.getByText(/Your session has ended|Please log in/).waitFor();
    await logIn(carol, "carol", strongPassword);
    expect(pathOf(carol)).toBe("/auth/settings");
    await navLink(carol, "Users").waitFor();

    await row(admin, "carol").getByRole("button", { name: "Disable carol" }).click();
    await admin.getByText("carol is disabled and was signed out.").waitFor();
    await row(admin, "carol").getByText("Disabled").waitFor();

    await navLink(carol, "Home").click();
    await carol.waitForURL("**/login");
    await submitLogin(carol, "carol", strongPassword);
    await carol.getByRole("alert").getByText("user disabled").waitFor();

    await row(admin, "carol").getByRole("button", { name: "Enable carol" }).click();
    await admin.getByText("carol is enabled.").waitFor();
    await logIn(carol, "carol", strongPassword);
  });

  it("signs a user out of one device, then everywhere, without disabling the account", async () => {
    const admin = await openUsers();
    await createUser(admin, "frank", "ReadOnly");
    const laptop = await harness.newPage();
    await logIn(laptop, "frank", strongPassword);
    const phone = await harness.newPage();
    await logIn(phone, "frank", strongPassword);

    await row(admin, "frank").getByRole("button", { name: "Sessions of frank" }).click();
    const dialog = admin.getByRole("dialog", { name: "Sessions of frank" });
    const signOuts = dialog.getByRole("button", { name: /^Sign out .* last seen/ });
    await expect.poll(() => signOuts.count()).toBe(2);
    // The newest first: the phone's session.
    await signOuts.first().click();
    await admin.getByText("A session of frank was signed out.").waitFor();
    await expect.poll(() => signOuts.count()).toBe(1);
    await navLink(phone, "Settings").click();
    await phone.waitForURL("**/auth/login?rd=%2Fauth%2Fsettings");
    await navLink(laptop, "Settings").click();
    await laptop.getByRole("heading", { name: "Settings", level: 1 }).waitFor();

    await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
    await admin.getByText("frank was signed out everywhere (1 session).").waitFor();
    await dialog.waitFor({ state: "detached" });
    await navLink(laptop, "Home").click();
    await laptop.waitForURL("**/auth/login**");
    await logIn(laptop, "frank", strongPassword);
    await row(admin, "frank").getByText("Enabled").waitFor();
  });

  it("sets a password, and deletes a user only after confirmation", async () => {
    const admin = await openUsers();
    await createUser(admin, "dave", "Agent");

    await row(admin, "dave").getByRole("button", { name: "Set password of dave" }).click();
    const dialog = admin.getByRole("dialog", { name: "Set password of dave" });
    await expect
      .poll(() => hasFocus(dialog.getByLabel("New password", { exact: true })))
      .toBe(true);
    await dialog.getByLabel("New password", { exact: true }).fill("dave");
    await dialog.getByRole("button", { name: "Set password" }).click();
    await dialog.getByText("user password must be at least 8 characters").waitFor();
    await dialog.getByLabel("New password", { exact: true }).fill("a-new-secret-for-dave");
    await dialog.getByLabel("Confirm new password").fill("a-new-secret-for-dave");
    await dialog.getByRole("button", { name: "Set password" }).click();
    await admin.getByText("Password of dave set. Their sessions were signed out.").waitFor();
    const dave = await harness.newPage();
    await logIn(dave, "dave", "a-new-secret-for-dave");

    await row(admin, "dave").getByRole("button", { name: "Delete dave" }).click();
    const confirm = admin.getByRole("dialog", { name: "Delete user dave?" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    await row(admin, "dave").waitFor();

    await row(admin, "dave").getByRole("button", { name: "Delete dave" }).click();
    await admin.getByRole("button", { name: "Delete user" }).click();
    await admin.getByText("User dave deleted.").waitFor();
    await row(admin, "dave").waitFor({ state: "detached" });
    // Focus lands somewhere useful, not on the page body.
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe("user-search");

    await submitLogin(dave, "dave", "a-new-secret-for-dave");
    await dave.getByRole("alert").getByText("invalid credentials").waitFor();
  });

  it("shows a refusal that concerns no field above the form", async () => {
    const admin = await openUsers();
    await createUser(admin, "erin", "ReadOnly");
    await row(admin, "erin").getByRole("button", { name: "Set password of erin" }).click();
    const dialog = admin.getByRole("dialog", { name: "Set password of erin" });

    // Meanwhile another admin deletes erin.
    const other = await harness.newPage();
    await logIn(other, "admin", adminPassword);
    await other.goto("/auth/admin/users");
    await row(other, "erin").getByRole("button", { name: "Delete erin" }).click();
    await other.getByRole("button", { name: "Delete user" }).click();
    await other.getByText("User erin deleted.").waitFor();

    await dialog.getByLabel("New password", { exact: true }).fill("a-new-secret-for-erin");
    await dialog.getByLabel("Confirm new password").fill("a-new-secret-for-erin");
    await dialog.getByRole("button", { name: "Set password" }).click();
    const alert = dialog.getByRole("alert");
    await alert.getByText("user not found").waitFor();
    expect(
      await dialog.getByLabel("New password", { exact: true }).getAttribute("aria-invalid"),
    ).not.toBe("true");

    // A submit that the form itself refuses never reaches the server and keeps the message.
    await dialog.getByLabel("Confirm new password").fill("something else");
    await dialog.getByRole("button", { name: "Set password" }).click();
    await dialog.getByText("the passwords do not match").waitFor();
    await alert.getByText("user not found").waitFor();
    await admin.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });
});
