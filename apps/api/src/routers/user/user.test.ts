import { afterEach, describe, expect, it } from "vitest";
import { expectTrpcError } from "../../testing/expect-trpc-error.js";
import { adminPassword, startTestServer, type TestServer } from "../../testing/test-server.js";

let server: TestServer;
afterEach(async () => {
  await server.close();
});

describe("the first-login password change", () => {
  it("lets a user who must change their password do only that (and see who they are)", async () => {
    server = await startTestServer();
    const admin = await server.signedIn("admin", "admin");
    expect(await admin.trpc.user.me.query()).toMatchObject({
      name: "admin",
      mustChangePassword: true,
    });
    await expect(admin.trpc.user.sessions.list.query()).resolves.toHaveLength(1);
    await expectTrpcError(
      admin.trpc.admin.users.list.query(),
      "FORBIDDEN",
      "password change required",
    );
    await expectTrpcError(
      admin.trpc.user.update.mutate({ fullName: "x" }),
      "FORBIDDEN",
      "password change required",
    );
    await expectTrpcError(
      admin.trpc.user.changePassword.mutate({ oldPassword: "admin", newPassword: "admin" }),
      "BAD_REQUEST",
      "user password must be at least 8 characters",
    );
    await admin.trpc.user.changePassword.mutate({
      oldPassword: "admin",
      newPassword: "admin-passphrase-2",
    });
    expect((await admin.trpc.user.me.query()).mustChangePassword).toBe(false);
    await expect(admin.trpc.admin.users.list.query()).resolves.toHaveLength(1);
  });
});

describe("user.me", () => {
  it("is UNAUTHORIZED without a session", async () => {
    server = await startTestServer();
    await expectTrpcError(
      server.client().trpc.user.me.query(),
      "UNAUTHORIZED",
      "authentication required",
    );
  });
});

describe("user.update", () => {
  it("edits one's own profile with the rules' messages", async () => {
    server = await startTestServer();
    const admin = await server.admin();
    expect(
      await admin.trpc.user.update.mutate({ fullName: "The Admin", email: "root@example.com" }),
    ).toMatchObject({
      fullName: "The Admin",
      email: "root@example.com",
    });
    await expectTrpcError(
      admin.trpc.user.update.mutate({ name: "", email: "nope" }),
      "BAD_REQUEST",
      "user name can't be empty",
      "user email is invalid",
    );
  });
});

describe("user.changePassword", () => {
  it("needs the old password, keeps this session and ends the others", async () => {
    server = await startTestServer();
    const admin = await server.admin();
    const elsewhere = await server.signedIn("admin", adminPassword);
    await expectTrpcError(
      admin.trpc.user.changePassword.mutate({
        oldPassword: "wrong",
        newPassword: "admin-passphrase-3",
      }),
      "BAD_REQUEST",
      "invalid password",
    );
    await admin.trpc.user.changePassword.mutate({
      oldPassword: adminPassword,
      newPassword: "admin-passphrase-3",
    });
    await expect(admin.trpc.user.me.query()).resolves.toMatchObject({ name: "admin" });
    await expectTrpcError(elsewhere.trpc.user.me.query(), "UNAUTHORIZED");
  });
});

describe("user.sessions", () => {
  it("lists own sessions and revokes one or all others", async () => {
    server = await startTestServer();
    const admin = await server.admin();
    const second = await server.signedIn("admin", adminPassword, {
      localAddress: "127.0.0.2",
    });
    const third = await server.signedIn("admin", adminPassword, {
      localAddress: "127.0.0.3",
    });
    const sessions = await admin.trpc.user.sessions.list.query();
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    expect(sessions.map((session) => session.clientIp).sort()).toEqual([
      "127.0.0.1",
      "127.0.0.2",
      "127.0.0.3",
    ]);

    const secondId = sessions.find((session) => session.clientIp === "127.0.0.2")?.id ?? "";
    await admin.trpc.user.sessions.revoke.mutate({ id: secondId });
    await expectTrpcError(second.trpc.user.me.query(), "UNAUTHORIZED");
    await expectTrpcError(
      admin.trpc.user.sessions.revoke.mutate({ id: secondId }),
      "NOT_FOUND",
      "session not found",
    );

    expect(await admin.trpc.user.sessions.revokeOthers.mutate()).toEqual({ revoked: 1 });
    await expectTrpcError(third.trpc.user.me.query(), "UNAUTHORIZED");
    await expect(admin.trpc.user.sessions.list.query()).resolves.toHaveLength(1);
  });
});

describe("which names and emails are taken (an existence oracle)", () => {
  it("slows a person probing emails through their profile, as failed logins are", async () => {
    server = await startTestServer();
    const admin = await server.admin();
    for (const name of ["reader", "victim"])
      await admin.trpc.admin.users.create.mutate({
        name,
        email: `${name}@example.com`,
        password: `${name}-passphrase`,
        role: "ReadOnly",
      });
    const reader = await server.signedIn("reader", "reader-passphrase");
    // Free probes first, as free failed logins are; a success in between forgives only itself.
    for (let probe = 0; probe < 4; probe++)
      await expectTrpcError(
        reader.trpc.user.update.mutate({ email: "victim@example.com" }),
        "CONFLICT",
        "user with this email already exists",
      );
    await reader.trpc.user.update.mutate({ fullName: "Reader" });
    await expectTrpcError(
      reader.trpc.user.update.mutate({ email: "victim@example.com" }),
      "CONFLICT",
      "user with this email already exists",
    );
    const refused = await reader.jar.request(`${server.url}/auth/trpc/user.update`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "someone@example.com" }),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBeDefined();
    expect(refused.json()).toMatchObject({
      error: { message: "too many names or emails already taken, try again later" },
    });
    // The throttle is the probe's, not the account's: the reader still signs in.
    await expect(server.signedIn("reader", "reader-passphrase")).resolves.toBeDefined();
  });

  it("slows an address probing names through sign-up", async () => {
    server = await startTestServer({ flags: ["--auth.internal.signup-enabled"] });
    const visitor = server.client();
    const signUp = () =>
      visitor.jar.request(`${server.url}/auth/trpc/auth.signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "admin", password: "any-long-passphrase" }),
      });
    for (let probe = 0; probe < 5; probe++) expect((await signUp()).status).toBe(409);
    const refused = await signUp();
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({
      error: { message: "too many names or emails already taken, try again later" },
    });
  });
});
