import { describe, expect, it } from "vitest";
import { cliOn } from "../../../testing/run-cli.js";
import { startServerOn } from "../../../testing/server-on-storage.js";

describe("pyroscope admin user logout", () => {
  it("ends a user's sessions, then every user's, while the server runs: each is refused at its next request", async () => {
    const cli = cliOn();
    await cli.createUser("bob", "Agent", "bob-has-a-long-secret");
    const running = await startServerOn(cli.storagePath);
    const cookieOf = async (name: string, password: string) =>
      ((await running.logIn(name, password)).headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const me = async (cookie: string) =>
      (await fetch(`${running.server.url}/auth/trpc/user.me`, { headers: { cookie } })).status;
    const bob = await cookieOf("bob", "bob-has-a-long-secret");
    const admin = await cookieOf("admin", "admin");
    expect([await me(bob), await me(admin)]).toEqual([200, 200]);

    expect(await cli.run(["admin", "user", "logout", "--username", "bob"])).toEqual({
      status: 0,
      stdout: "Ended 1 session of bob.\n",
      stderr: "",
    });
    expect([await me(bob), await me(admin)]).toEqual([401, 200]);

    expect(await cli.run(["admin", "user", "logout", "--all-users"])).toMatchObject({
      status: 0,
      stdout: "Ended 1 session of every user.\n",
    });
    expect(await me(admin)).toBe(401);
    // The accounts stay: only their sessions ended.
    expect((await running.logIn("bob", "bob-has-a-long-secret")).status).toBe(200);
  });

  it("needs exactly one of --username and --all-users, and a user that exists", async () => {
    const cli = cliOn();
    for (const args of [[], ["--username", "admin", "--all-users"]]) {
      expect(await cli.run(["admin", "user", "logout", ...args])).toEqual({
        status: 2,
        stdout: "",
        stderr:
          "give either --username or --all-users\nusage: pyroscope admin user logout [options]\n",
      });
    }
    expect(await cli.run(["admin", "user", "logout", "--username", "ghost"])).toEqual({
      status: 1,
      stdout: "",
      stderr: "user not found\n",
    });
  });
});
