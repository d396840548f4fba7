import { describe, expect, it } from "vitest";
import { cliOn } from "../../../testing/run-cli.js";
import { startServerOn } from "../../../testing/server-on-storage.js";

/** What the CLI says whenever a password is given on its command line. */
const exposedPassword =
  "warning: --password puts the password where other users of this machine can see it (the process list); --password-stdin keeps it out of sight\n";

describe("pyroscope admin user", () => {
  it("lists users as a table, and as JSON without any hash", async () => {
    const cli = cliOn();
    const table = await cli.run(["admin", "user", "list"]);
    expect(table.status).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(
      /^ID\s+NAME\s+EMAIL\s+ROLE\s+STATUS\s+2FA\s+LAST SEEN$/,
    );
    expect(table.stdout).toMatch(
      /1\s+admin\s+admin@localhost\.localdomain\s+Admin\s+enabled\s+off\s+never/,
    );
    const json = await cli.run(["admin", "user", "list", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id: 1, name: "admin", role: "Admin", hasSecondFactor: false }),
    ]);
    expect(json.stdout).not.toContain("argon2");
  });

  it("marks a name whose letters only pass for ASCII ones, and refuses a look-alike of a name", async () => {
    const cli = cliOn();
    const create = (name: string) =>
      cli.run(
        ["admin", "user", "create", "--username", name, "--role", "ReadOnly", "--password-stdin"],
        {
          stdin: "a-long-secret-phrase\n",
        },
      );
    expect(await create("b\u043eb")).toMatchObject({ status: 0 });
    const table = await cli.run(["admin", "user", "list"]);
    expect(table.stdout).toContain('b\u043eb (looks like "bob": U+043E)');
    expect(await create("\u0430dmin")).toMatchObject({
      status: 1,
      stderr: "user name looks like an existing user's name\n",
    });
  });

  it("creates a user, with every rule's message on refusal", async () => {
    const cli = cliOn();
    const created = await cli.run(
      [
        "admin",
        "user",
        "create",
        "--username",
        "carol",
        "--role",
        "readonly",
        "--email",
        "carol@example.com",
        "--full-name",
        "Carol",
        "--password-stdin",
      ],
      { stdin: "carols-passphrase\n" },
    );
    expect(created).toMatchObject({
      status: 0,
      stdout: "User carol created (id 2, role ReadOnly).\n",
    });
    const refused = await cli.run([
      "admin",
      "user",
      "create",
      "--username",
      "",
      "--role",
      "boss",
      "--email",
      "x",
      "--password",
      "1",
    ]);
    expect(refused).toEqual({
      status: 1,
      stdout: "",
      stderr: `${exposedPassword}user name can't be empty, user email is invalid, user password must be at least 8 characters, unknown role\n`,
    });
    const duplicate = await cli.run([
      "admin",
      "user",
      "create",
      "--username",
      "carol",
      "--role",
      "Agent",
      "--password",
      "another-passphrase",
    ]);
    expect(duplicate).toMatchObject({
      status: 1,
      stderr: `${exposedPassword}user with this name already exists\n`,
    });
    const missing = await cli.run([
      "admin",
      "user",
      "create",
      "--username",
      "dave",
      "--password",
      "daves-passphrase",
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("required option '--role <role>' not specified");
  });

  it("disables and enables a user, but never the last enabled Admin", async () => {
    const cli = cliOn();
    await cli.createUser("bob", "Agent", "bobs-passphrase");
    expect((await cli.run(["admin", "user", "disable", "--username", "bob"])).stdout).toBe(
      "User bob is disabled.\n",
    );
    expect((await cli.run(["admin", "user", "enable", "--username", "bob"])).stdout).toBe(
      "User bob is enabled.\n",
    );
    expect(await cli.run(["admin", "user", "disable", "--username", "admin"])).toEqual({
      status: 1,
      stdout: "",
      stderr: "the last enabled admin can't be removed, disabled or demoted\n",
    });
    expect((await cli.run(["admin", "user", "enable", "--username", "ghost"])).stderr).toBe(
      "user not found\n",
    );
  });

  it("unlocks an account, and says when there was nothing to unlock", async () => {
    const cli = cliOn();
    expect((await cli.run(["admin", "user", "unlock", "--username", "admin"])).stdout).toBe(
      "No login throttling was active for admin.\n",
    );
  });
});

describe("unlock while the server runs on the same storage", () => {
  it("lets the owner in at once after guesses made the server throttle the account", async () => {
    const cli = cliOn();
    const running = await startServerOn(cli.storagePath);
    const login = async (password: string) => (await running.logIn("admin", password)).status;
    for (let guess = 0; guess < 5; guess++) expect(await login(`guess-${guess}`)).toBe(401);
    expect(await login("admin")).toBe(429);

    expect(await cli.run(["admin", "user", "unlock", "--username", "admin"])).toMatchObject({
      status: 0,
      stdout: "Login throttling for admin cleared.\n",
    });
    expect(await login("admin")).toBe(200);
  });
});
