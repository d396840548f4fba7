import { afterEach, describe, expect, it } from "vitest";
import { expectTrpcError } from "../../testing/expect-trpc-error.js";
import { rawRequest } from "../../testing/http-client.js";
import { startTestServer, type TestServer } from "../../testing/test-server.js";

let server: TestServer;
afterEach(async () => {
  await server.close();
});

describe("auth.logout", () => {
  it("ends the session at once and clears the cookie", async () => {
    server = await startTestServer();
    const admin = await server.signedIn("admin", "admin");
    const token = admin.jar.session;
    await admin.trpc.auth.logout.mutate();
    expect(admin.jar.session).toBeUndefined();
    const replay = server.client();
    replay.jar.session = token;
    await expectTrpcError(replay.trpc.user.me.query(), "UNAUTHORIZED");
  });
});

describe("auth.signup and auth.config", () => {
  it("reports the config, and refuses sign-up by default, server-side", async () => {
    server = await startTestServer();
    const anonymous = server.client().trpc;
    expect(await anonymous.auth.config.query()).toEqual({
      internalEnabled: true,
      signupEnabled: false,
      authRequired: true,
      passwordMinLength: 8,
      gatewayEnabled: false,
      totpEnabled: true,
    });
    await expectTrpcError(
      anonymous.auth.signup.mutate({ name: "eve", password: "eves-passphrase" }),
      "FORBIDDEN",
      "signup is disabled",
    );
  });

  it("signs up with auth.signup-default-role and signs in", async () => {
    server = await startTestServer({
      flags: ["--auth.internal.signup-enabled", "--auth.signup-default-role=Agent"],
    });
    const eve = server.client();
    expect(await eve.trpc.auth.config.query()).toMatchObject({ signupEnabled: true });
    const { user } = await eve.trpc.auth.signup.mutate({
      name: "eve",
      email: "eve@example.com",
      password: "eves-passphrase",
    });
    expect(user).toMatchObject({ name: "eve", role: "Agent" });
    await expect(eve.trpc.user.me.query()).resolves.toMatchObject({ name: "eve" });
    await expectTrpcError(
      server.client().trpc.auth.signup.mutate({ name: "", password: "short" }),
      "BAD_REQUEST",
      "user name can't be empty",
      "user password must be at least 8 characters",
    );
    await expectTrpcError(
      server.client().trpc.auth.signup.mutate({ name: "eve", password: "another-passphrase" }),
      "CONFLICT",
      "user with this name already exists",
    );
  });

  it("refuses a sign-up that would read as an existing name or email", async () => {
    server = await startTestServer({ flags: ["--auth.internal.signup-enabled"] });
    // Four "taken" answers: within the free ones of the lookup throttle.
    for (const name of ["ADMIN", "\u0430dmin", "\uff41\uff44\uff4d\uff49\uff4e"]) {
      await expectTrpcError(
        server.client().trpc.auth.signup.mutate({ name, password: "a-long-secret-phrase" }),
        "CONFLICT",
        "user name looks like an existing user's name",
      );
    }
    await expectTrpcError(
      server.client().trpc.auth.signup.mutate({
        name: "mallory",
        email: "ADMIN@localhost.localdomain",
        password: "a-long-secret-phrase",
      }),
      "CONFLICT",
      "user with this email already exists",
    );
    const { user } = await server
      .client()
      .trpc.auth.signup.mutate({ name: "jose\u0301", password: "a-long-secret-phrase" });
    expect(user.name).toBe("jos\u00e9");
  });

  it("refuses a flood of sign-ups from one address with 429 and Retry-After", async () => {
    server = await startTestServer({
      flags: ["--auth.internal.signup-enabled", "--auth.login-throttle.ip-failure-limit=2"],
    });
    const signUp = (name: string) =>
      rawRequest(`${server.url}/auth/trpc/auth.signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, password: "long-enough-secret" }),
      });
    expect([(await signUp("one")).status, (await signUp("two")).status]).toEqual([200, 200]);
    const refused = await signUp("three");
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("900");
    expect(refused.json()).toMatchObject({
      error: {
        message: "too many sign-ups or failed logins from this address, try again later",
        data: { retryAfterSeconds: 900 },
      },
    });
  });
});

describe("with auth.internal.enabled false (the original's default)", () => {
  it("needs no login and answers account procedures with FORBIDDEN", async () => {
    server = await startTestServer({ flags: ["--auth.internal.enabled=false"] });
    const anonymous = server.client().trpc;
    expect(await anonymous.auth.config.query()).toMatchObject({
      internalEnabled: false,
      authRequired: false,
      signupEnabled: false,
      totpEnabled: false,
    });
    await expectTrpcError(
      anonymous.auth.login.mutate({ username: "admin", password: "admin" }),
      "FORBIDDEN",
      "internal authentication is disabled",
    );
    await expectTrpcError(
      anonymous.user.me.query(),
      "FORBIDDEN",
      "internal authentication is disabled",
    );
    await expectTrpcError(
      anonymous.admin.users.list.query(),
      "FORBIDDEN",
      "internal authentication is disabled",
    );
  });
});

describe("auth.session", () => {
  it("answers the signed-in user or null, never an error", async () => {
    server = await startTestServer();
    const visitor = server.client();
    expect(await visitor.trpc.auth.session.query()).toEqual({ user: null });
    await visitor.trpc.auth.login.mutate({ username: "admin", password: "admin" });
    expect(await visitor.trpc.auth.session.query()).toMatchObject({
      user: { name: "admin", mustChangePassword: true },
    });
    const token = visitor.jar.session;
    await visitor.trpc.auth.logout.mutate();
    const stale = server.client();
    stale.jar.session = token;
    expect(await stale.trpc.auth.session.query()).toEqual({ user: null });
    // The dead cookie is cleared, as any failed session check clears it.
    expect(stale.jar.session).toBeUndefined();
  });
});
