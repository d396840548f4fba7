import { totpCode } from "@pyroscope-auth/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieName } from "../../identity/session-token.js";
import { expectTrpcError } from "../../testing/expect-trpc-error.js";
import { rawRequest } from "../../testing/http-client.js";
import {
  type RecordingUpstream,
  startRecordingUpstream,
} from "../../testing/recording-upstream.js";
import { startTestServer, type TestClient, type TestServer } from "../../testing/test-server.js";

// auth.internal.totp.required-roles=[Admin]: an Admin without an authenticator app may do nothing
// but set one up (and see themselves, their sessions, change their password, sign out), through
// the API, the gateway and /auth/verify alike; other roles are not asked.

let upstream: RecordingUpstream;
let server: TestServer;
const setUpFirst = "two-factor authentication must be set up first";
const html = { accept: "text/html" };
const cookieOf = (client: TestClient) => `${sessionCookieName}=${client.jar.session ?? ""}`;
const codeAt = (secret: string, seconds: number) =>
  totpCode(secret, new Date(Date.now() + seconds * 1000));

/** Creates a person through the admin, signed in with the password. */
async function person(admin: TestClient, name: string, role: "Admin" | "ReadOnly") {
  await admin.trpc.admin.users.create.mutate({ name, password: `${name}-passphrase-1`, role });
  return server.signedIn(name, `${name}-passphrase-1`);
}

/** Sets up an authenticator app for the signed-in client; returns its secret. */
async function setUp(client: TestClient): Promise<string> {
  const { secret } = await client.trpc.user.secondFactor.begin.mutate();
  await client.trpc.user.secondFactor.confirm.mutate({ code: codeAt(secret, 0) });
  return secret;
}

/** Signs in with the password, then the app's code; the client's session once both are done. */
async function signInWithCode(name: string, password: string, secret: string, seconds: number) {
  const client = server.client();
  const step = await client.trpc.auth.login.mutate({ username: name, password });
  if (!("secondFactor" in step)) throw new Error("the sign-in asked for no code");
  await client.trpc.auth.completeSignIn.mutate({
    ...step.secondFactor,
    code: codeAt(secret, seconds),
  });
  return client;
}

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  server = await startTestServer({
    flags: [
      "--auth.internal.totp.required-roles=Admin",
      `--gateway.upstream-url=${upstream.url}`,
      "--auth.trusted-proxies=127.0.0.1",
    ],
  });
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});

describe("a second factor required for Admins", () => {
  let admin: TestClient;
  let adminSecret: string;

  it("asks the first admin for a new password first, then for an app, before anything else", async () => {
    admin = await server.signedIn("admin", "admin");
    expect(await admin.trpc.user.me.query()).toMatchObject({
      mustChangePassword: true,
      mustSetUpSecondFactor: true,
    });
    await expectTrpcError(
      admin.trpc.user.secondFactor.begin.mutate(),
      "FORBIDDEN",
      "password change required",
    );
    await admin.trpc.user.changePassword.mutate({
      oldPassword: "admin",
      newPassword: "admin-passphrase-2",
    });
    expect(await admin.trpc.user.me.query()).toMatchObject({
      mustChangePassword: false,
      mustSetUpSecondFactor: true,
    });
    await expectTrpcError(admin.trpc.admin.users.list.query(), "FORBIDDEN", setUpFirst);
    await expectTrpcError(
      admin.trpc.admin.apiKeys.create.mutate({ name: "escape", role: "Admin" }),
      "FORBIDDEN",
      setUpFirst,
    );
    await expectTrpcError(
      admin.trpc.user.update.mutate({ name: "admin", fullName: "A", email: null }),
      "FORBIDDEN",
      setUpFirst,
    );
    // What the set-up page needs still answers.
    expect(await admin.trpc.user.sessions.list.query()).toHaveLength(1);
    expect(await admin.trpc.user.secondFactor.status.query()).toEqual({
      enabled: false,
      recoveryCodesLeft: 0,
      required: true,
    });
  });

  it("sends the admin's browser from the upstream's pages to the set-up, and lets nothing through", async () => {
    const before = upstream.requests.length;
    const page = await rawRequest(`${server.url}/explore?from=now-1h`, {
      headers: { ...html, cookie: cookieOf(admin) },
    });
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe(
      `/auth/set-up-two-factor?rd=${encodeURIComponent("/explore?from=now-1h")}`,
    );
    const query = await rawRequest(`${server.url}/querier.v1.QuerierService/LabelNames`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookieOf(admin) },
      body: "{}",
    });
    expect(query.status).toBe(403);
    expect(query.json()).toMatchObject({ error: { message: setUpFirst } });
    expect(upstream.requests.length).toBe(before);
  });

  it("refuses the admin at /auth/verify, naming the set-up page for a browser", async () => {
    const verify = await rawRequest(`${server.url}/auth/verify`, {
      headers: {
        ...html,
        cookie: cookieOf(admin),
        "x-forwarded-method": "GET",
        "x-forwarded-uri": "/explore",
        "x-forwarded-host": "pyroscope.example",
        "x-forwarded-proto": "https",
      },
      localAddress: "127.0.0.1",
    });
    expect(verify.status).toBe(403);
    expect(verify.headers.location).toBe(
      `/auth/set-up-two-factor?rd=${encodeURIComponent("/explore")}`,
    );
  });

  it("lets the admin in once an app is set up, and keeps it on", async () => {
    adminSecret = await setUp(admin);
    expect(await admin.trpc.user.me.query()).toMatchObject({ mustSetUpSecondFactor: false });
    expect((await admin.trpc.admin.users.list.query()).map((user) => user.name)).toEqual(["admin"]);
    const page = await rawRequest(`${server.url}/explore`, {
      headers: { ...html, cookie: cookieOf(admin) },
    });
    expect(page.status).toBe(200);
    await expectTrpcError(
      admin.trpc.user.secondFactor.disable.mutate({
        password: "admin-passphrase-2",
        code: codeAt(adminSecret, 30),
      }),
      "FORBIDDEN",
      "two-factor authentication is required for your role: it stays on",
    );
    expect(await admin.trpc.user.secondFactor.status.query()).toMatchObject({
      enabled: true,
      required: true,
    });
  });

  it("asks nothing of other roles, and asks a promoted reader at the next sign-in", async () => {
    const reader = await person(admin, "reader", "ReadOnly");
    expect(await reader.trpc.user.me.query()).toMatchObject({ mustSetUpSecondFactor: false });
    expect(await reader.trpc.user.secondFactor.status.query()).toMatchObject({ required: false });
    const [listed] = (await admin.trpc.admin.users.list.query()).filter((u) => u.name === "reader");
    await admin.trpc.admin.users.setRole.mutate({ id: listed?.id ?? 0, role: "Admin" });
    // A role change ends the session it was signed into; the next one must set up first.
    await expectTrpcError(reader.trpc.user.me.query(), "UNAUTHORIZED");
    const promoted = await server.signedIn("reader", "reader-passphrase-1");
    expect(await promoted.trpc.user.me.query()).toMatchObject({
      role: "Admin",
      mustSetUpSecondFactor: true,
    });
    await expectTrpcError(promoted.trpc.admin.users.list.query(), "FORBIDDEN", setUpFirst);
  });

  it("asks again after an admin's reset, for a lost phone", async () => {
    const bob = await person(admin, "bob", "Admin");
    const bobSecret = await setUp(bob);
    const signedIn = await signInWithCode("bob", "bob-passphrase-1", bobSecret, 30);
    expect(await signedIn.trpc.user.me.query()).toMatchObject({ mustSetUpSecondFactor: false });
    const [listed] = (await admin.trpc.admin.users.list.query()).filter((u) => u.name === "bob");
    await admin.trpc.admin.users.resetSecondFactor.mutate({ id: listed?.id ?? 0 });
    await expectTrpcError(signedIn.trpc.user.me.query(), "UNAUTHORIZED");
    const again = await server.signedIn("bob", "bob-passphrase-1");
    expect(await again.trpc.user.me.query()).toMatchObject({ mustSetUpSecondFactor: true });
    await expectTrpcError(again.trpc.admin.users.list.query(), "FORBIDDEN", setUpFirst);
  });
});
