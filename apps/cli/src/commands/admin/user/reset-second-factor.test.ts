import { totpCode } from "@pyroscope-auth/db/testing";
import { describe, expect, it } from "vitest";
import { cliOn } from "../../../testing/run-cli.js";
import { startServerOn } from "../../../testing/server-on-storage.js";

describe("pyroscope admin user reset-2fa", () => {
  it("removes a user's second factor while the server runs: the password alone signs in again", async () => {
    const cli = cliOn();
    const password = "ada-has-a-long-secret";
    await cli.createUser("ada", "ReadOnly", password);
    const running = await startServerOn(cli.storagePath);
    const call = async (path: string, body: unknown, cookie = "") =>
      fetch(`${running.server.url}/auth/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify(body),
      });
    const setCookie = (await running.logIn("ada", password)).headers.get("set-cookie") ?? "";
    const cookie = setCookie.split(";")[0] ?? "";
    const begun = (await (await call("user.secondFactor.begin", {}, cookie)).json()) as {
      result: { data: { secret: string } };
    };
    const code = totpCode(begun.result.data.secret, new Date());
    expect((await call("user.secondFactor.confirm", { code }, cookie)).status).toBe(200);
    const asked = await (await running.logIn("ada", password)).json();
    expect(asked).toMatchObject({ result: { data: { secondFactor: {} } } });

    expect((await cli.users()).find((user) => user.name === "ada")).toMatchObject({
      hasSecondFactor: true,
    });
    expect(await cli.run(["admin", "user", "reset-2fa", "--username", "ada"])).toEqual({
      status: 0,
      stdout: "Two-factor authentication of ada removed; their sessions ended.\n",
      stderr: "",
    });
    const me = await fetch(`${running.server.url}/auth/trpc/user.me`, { headers: { cookie } });
    expect(me.status).toBe(401);
    const signedIn = await (await running.logIn("ada", password)).json();
    expect(signedIn).toMatchObject({ result: { data: { user: { name: "ada" } } } });
  });

  it("says so for a user without one, and for no such user", async () => {
    const cli = cliOn();
    expect(await cli.run(["admin", "user", "reset-2fa", "--username", "admin"])).toEqual({
      status: 1,
      stdout: "",
      stderr: "two-factor authentication is not on\n",
    });
    expect(await cli.run(["admin", "user", "reset-2fa", "--username", "ghost"])).toMatchObject({
      status: 1,
      stderr: "user not found\n",
    });
  });
});
