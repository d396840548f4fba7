import { describe, expect, it } from "vitest";
import { cliOn } from "../../../testing/run-cli.js";

describe("pyroscope admin api-key", () => {
  it("creates a key, prints it once on stdout, lists it without the secret, deletes it", async () => {
    const cli = cliOn();
    const created = await cli.run([
      "admin",
      "api-key",
      "create",
      "--name",
      "ingest",
      "--role",
      "agent",
      "--ttl",
      "30d",
    ]);
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^psx-[A-Za-z0-9_-]+\n$/);
    expect(created.stderr).toMatch(
      /API key ingest created \(role Agent, expires .+\)\. Store it now: it is not shown again\./,
    );
    const key = created.stdout.trim();
    const listed = await cli.run(["admin", "api-key", "list"]);
    expect(listed.stdout).toMatch(/ingest\s+Agent/);
    const json = await cli.run(["admin", "api-key", "list", "--json"]);
    expect(json.stdout).not.toContain(key.slice(4));
    expect((await cli.run(["admin", "api-key", "delete", "--name", "ingest"])).stdout).toBe(
      "API key ingest deleted.\n",
    );
    expect(await cli.run(["admin", "api-key", "delete", "--name", "ingest"])).toMatchObject({
      status: 1,
      stderr: "api key not found\n",
    });
  });

  it("refuses a bad ttl, a bad role and a duplicate name", async () => {
    const cli = cliOn();
    expect(
      await cli.run([
        "admin",
        "api-key",
        "create",
        "--name",
        "k",
        "--role",
        "Agent",
        "--ttl",
        "soon",
      ]),
    ).toEqual({
      status: 2,
      stdout: "",
      stderr:
        "error: option '--ttl <duration>' argument 'soon' is invalid. must be a duration like 3600, 90m, 12h, 30d or 1y (at most 10 years)\nusage: pyroscope admin api-key create [options]\n",
    });
    expect(
      await cli.run(["admin", "api-key", "create", "--name", "k", "--role", "root"]),
    ).toMatchObject({ status: 1, stderr: "unknown role\n" });
    await cli.run(["admin", "api-key", "create", "--name", "k", "--role", "Agent"]);
    expect(
      await cli.run(["admin", "api-key", "create", "--name", "k", "--role", "Agent"]),
    ).toMatchObject({
      status: 1,
      stderr: "api key with this name already exists\n",
    });
  });
});
