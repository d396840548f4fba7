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

  it("ends quietly, with a SIGPIPE's code, when its reader stops early (`| head`)", async () => {
    const cli = cliOn();
    expect(await cli.run(["admin", "audit", "list"], { closeStdout: true })).toEqual({
      status: 141,
      stdout: "",
      stderr: "",
    });
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
