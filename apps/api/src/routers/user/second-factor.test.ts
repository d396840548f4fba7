import { totpCode } from "@pyroscope-auth/db/testing";
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectTrpcError } from "../../testing/expect-trpc-error.js";
import { startTestServer, type TestClient, type TestServer } from "../../testing/test-server.js";
import type { AppRouter } from "../app-router.js";

let server: TestServer;
let admin: TestClient;
let secret: string;
const password = "ada-has-a-long-secret";
const inSeconds = (seconds: number) => totpCode(secret, new Date(Date.now() + seconds * 1000));

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.admin();
  await admin.trpc.admin.users.create.mutate({ name: "ada", password, role: "ReadOnly" });
  const ada = await server.signedIn("ada", password);
  ({ secret } = await ada.trpc.user.secondFactor.begin.mutate());
  const { recoveryCodes } = await ada.trpc.user.secondFactor.confirm.mutate({
    code: inSeconds(0),
  });
  expect(recoveryCodes).toHaveLength(10);
});
afterAll(async () => {
  await server.close();
});

describe("a sign-in with a second factor, over HTTP", () => {
  it("sets no cookie and tells nothing of the account for the password, and a session for the code", async () => {
    const browser = server.client();
    const step = await browser.trpc.auth.login.mutate({ username: "ada", password });
    expect(step).toEqual({ secondFactor: { challenge: expect.any(String) } });
    expect(browser.jar.session).toBeUndefined();
    await expectTrpcError(browser.trpc.user.me.query(), "UNAUTHORIZED");
    if (!("secondFactor" in step)) throw new Error("no second step");
    await expectTrpcError(
      browser.trpc.auth.completeSignIn.mutate({ ...step.secondFactor, code: "000000" }),
      "BAD_REQUEST",
      "invalid code",
    );
    const done = await browser.trpc.auth.completeSignIn.mutate({
      ...step.secondFactor,
      code: inSeconds(30),
    });
    expect(done.user.name).toBe("ada");
    expect(browser.jar.session).toBeDefined();
    await expect(browser.trpc.user.me.query()).resolves.toMatchObject({ name: "ada" });
    await expect(browser.trpc.user.secondFactor.status.query()).resolves.toEqual({
      enabled: true,
      recoveryCodesLeft: 10,
      required: false,
    });
  });

  it("refuses an unknown or malformed challenge with one message", async () => {
    const browser = server.client();
    for (const challenge of ["", "x".repeat(65), "never-issued"]) {
      await expectTrpcError(
        browser.trpc.auth.completeSignIn.mutate({ challenge, code: "123456" }),
        challenge === "never-issued" ? "UNAUTHORIZED" : "BAD_REQUEST",
        "sign-in expired: sign in again",
      );
    }
  });

  it("is a person's own: an API key cannot see or change it", async () => {
    const { key } = await admin.trpc.admin.apiKeys.create.mutate({ name: "robot", role: "Admin" });
    const robot = createTRPCClient<AppRouter>({
      links: [
        httpLink({ url: `${server.url}/auth/trpc`, headers: { authorization: `Bearer ${key}` } }),
      ],
    });
    await expectTrpcError(robot.user.secondFactor.status.query(), "FORBIDDEN");
    await expectTrpcError(robot.user.secondFactor.begin.mutate(), "FORBIDDEN");
  });
});
