import { describe, expect, it } from "vitest";
import { cliOn } from "../../../testing/run-cli.js";

describe("pyroscope admin audit list", () => {
  it("shows the CLI's own changes, newest first, filtered by user", async () => {
    const cli = cliOn();
    await cli.run([
      "admin",
      "user",
      "reset-password",
      "--username",
      "admin",
      "--password",
      "audited-new-pass",
    ]);
    await cli.createUser("bob", "Agent", "bobs-passphrase");
    const table = await cli.run(["admin", "audit", "list"]);
    expect(table.status).toBe(0);
    const lines = table.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^TIME\s+ACTOR\s+ACTION\s+TARGET\s+OUTCOME\s+CLIENT\s+DETAIL$/);
    expect(lines[1]).toMatch(/\scli\s+user\.create\s+bob\s+success\s/);
    const admin = JSON.parse(
      (await cli.run(["admin", "audit", "list", "--user", "admin", "--json"])).stdout,
    );
    expect(admin).toEqual([
      expect.objectContaining({ actor: "cli", action: "user.password.set", target: "admin" }),
      expect.objectContaining({ action: "user.create.built-in-admin", target: "admin" }),
    ]);
    expect(JSON.stringify(admin)).not.toContain("audited-new-pass");
  });

  it("says which actions the trail holds when a filter names none of them", async () => {
    const cli = cliOn();
    await cli.createUser("bob", "Agent", "bobs-passphrase");
    const misspelt = await cli.run(["admin", "audit", "list", "--action", "user.creat", "--json"]);
    expect(misspelt).toEqual({
      status: 0,
      stdout: "[]\n",
      stderr:
        'no event has the action "user.creat"; the trail holds: user.create, user.create.built-in-admin\n',
    });
    // A known action that matches nothing for this user is no mistake.
    const quiet = await cli.run([
      "admin",
      "audit",
      "list",
      "--action",
      "user.create",
      "--user",
      "eve",
    ]);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe("");
  });

  it("refuses a bad --limit with the usage line", async () => {
    const cli = cliOn();
    for (const limit of ["0", "1001", "0x10", "2.5"]) {
      const result = await cli.run(["admin", "audit", "list", "--limit", limit]);
      expect(result.status, limit).toBe(2);
      expect(result.stderr).toContain(
        `option '--limit <n>' argument '${limit}' is invalid. must be a whole number from 1 to 1000`,
      );
    }
  });
});
