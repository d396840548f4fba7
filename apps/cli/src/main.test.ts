import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliOn } from "./testing/run-cli.js";

describe("pyroscope", () => {
  it("has --help on every level and --version", async () => {
    const cli = cliOn();
    for (const args of [
      [],
      ["admin"],
      ["admin", "user"],
      ["admin", "user", "reset-password"],
      ["admin", "api-key", "create"],
    ]) {
      const result = await cli.run([...args, "--help"]);
      expect(result.status, args.join(" ")).toBe(0);
      expect(result.stdout).toMatch(/^Usage: pyroscope/);
    }
    expect((await cli.run(["--help"])).stdout).toContain("--storage-path DIR");
    expect((await cli.run(["--version"])).stdout).toBe("0.1.0\n");
  });

  it("shows help asked for with `help` as success, and a group without its subcommand as a usage error", async () => {
    const cli = cliOn();
    for (const args of [["help"], ["help", "admin"]]) {
      const result = await cli.run(args);
      expect(result.status, args.join(" ")).toBe(0);
      expect(result.stdout).toMatch(/^Usage: pyroscope/);
    }
    const bare = await cli.run(["admin", "user"]);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: pyroscope admin user/);
  });

  it("ends quietly, with a SIGPIPE's code, when its reader stops early (`| head`)", async () => {
    const cli = cliOn();
    expect(await cli.run(["admin", "audit", "list"], { closeStdout: true })).toEqual({
      status: 141,
      stdout: "",
      stderr: "",
    });
  });

  it("says in one line that its output could not be written (a full disk), exit 1", async () => {
    const cli = cliOn();
    expect(await cli.run(["admin", "user", "list"], { stdoutTo: "/dev/full" })).toEqual({
      status: 1,
      stdout: "",
      stderr: "cannot write the output (ENOSPC): what the command changed stays changed\n",
    });
    // The key is made before its token is printed, and the token is lost with the output: the
    // lines must not suggest otherwise.
    const created = await cli.run(
      ["admin", "api-key", "create", "--name", "ci", "--role", "Agent"],
      { stdoutTo: "/dev/full" },
    );
    expect(created).toEqual({
      status: 1,
      stdout: "",
      stderr:
        "API key ci created (role Agent, no expiry). Store it now: it is not shown again.\ncannot write the output (ENOSPC): what the command changed stays changed\n",
    });
    expect((await cli.run(["admin", "api-key", "list"])).stdout).toContain("ci");
  });

  it("exits 2 with the usage line for an unknown command or a bad config value", async () => {
    const cli = cliOn();
    const unknown = await cli.run(["admin", "usr", "list"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("usage: pyroscope admin [options] [command]");
    const badConfig = await cli.run(["admin", "user", "list", "--auth.signup-default-role=Owner"]);
    expect(badConfig).toEqual({
      status: 2,
      stdout: "",
      stderr: 'auth.signup-default-role: "Owner" is not a role (Admin, ReadOnly, Agent)\n',
    });
    // A value left bad by a ${VAR} that is not set: the warning that says so comes first.
    const configFile = join(cli.storagePath, "cli.yml");
    writeFileSync(configFile, "auth:\n  signup-default-role: ${DEFAULT_ROLE}\n");
    expect(await cli.run(["admin", "user", "list", `--config=${configFile}`])).toEqual({
      status: 2,
      stdout: "",
      stderr: `warning: config file ${JSON.stringify(configFile)}: \${DEFAULT_ROLE} is not set; using ""\nauth.signup-default-role: "" is not a role (Admin, ReadOnly, Agent)\n`,
    });
  });
});
