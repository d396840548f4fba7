import { createHmac } from "node:crypto";
import { createTestClock } from "@pyroscope-auth/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { rawRequest } from "../testing/http-client.js";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { sessionCookieName } from "./session-token.js";

// DESIGN.md security rule 4: every forged, altered or stale token is refused.

let server: TestServer;
afterEach(async () => {
  await server.close();
});

const base64url = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

function decode(token: string) {
  const [header = "", payload = ""] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>,
  };
}

function sign(header: unknown, payload: unknown, key: Buffer | string): string {
  const body = `${base64url(header)}.${base64url(payload)}`;
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}

async function meWith(token: string) {
  return rawRequest(`${server.url}/auth/trpc/user.me`, {
    headers: { cookie: `${sessionCookieName}=${token}` },
  });
}

async function validToken() {
  const client = await server.signedIn("admin", "admin");
  return client.jar.session ?? "";
}

describe("session token attacks", () => {
  it("accepts the genuine token (the control case)", async () => {
    server = await startTestServer({
      flags: ["--auth.jwt-secret=0123456789abcdef0123456789abcdef"],
    });
    expect((await meWith(await validToken())).status).toBe(200);
  });

  it("refuses alg=none", async () => {
    server = await startTestServer();
    const { payload } = decode(await validToken());
    const none = `${base64url({ alg: "none", typ: "JWT" })}.${base64url(payload)}.`;
    const response = await meWith(none);
    expect(response.status).toBe(401);
    expect(String(response.headers["set-cookie"])).toMatch(
      /pyroscopeJWT=;.*Expires=Thu, 01 Jan 1970/,
    );
  });

  it("refuses a token signed with another key, or with the right key but another algorithm", async () => {
    server = await startTestServer({
      flags: ["--auth.jwt-secret=0123456789abcdef0123456789abcdef"],
    });
    const { header, payload } = decode(await validToken());
    expect((await meWith(sign(header, payload, "another-secret-another-secret-xx"))).status).toBe(
      401,
    );
    const hs512 = `${base64url({ ...header, alg: "HS512" })}.${base64url(payload)}`;
    const signed512 = `${hs512}.${createHmac("sha512", "0123456789abcdef0123456789abcdef").update(hs512).digest("base64url")}`;
    expect((await meWith(signed512)).status).toBe(401);
  });

  it("refuses a tampered payload (role raised, other user, other session)", async () => {
    server = await startTestServer({
      flags: ["--auth.jwt-secret=0123456789abcdef0123456789abcdef"],
    });
    const token = await validToken();
    const [header, , signature] = token.split(".");
    const { payload } = decode(token);
    for (const change of [
      { role: "Admin", sub: "2" },
      { sid: "x".repeat(22) },
      { exp: Number(payload.exp) + 1000 },
    ]) {
      expect(
        (await meWith(`${header}.${base64url({ ...payload, ...change })}.${signature}`)).status,
      ).toBe(401);
    }
  });

  it("refuses a correctly signed token for a foreign audience, issuer or type", async () => {
    const secret = "0123456789abcdef0123456789abcdef";
    server = await startTestServer({ flags: [`--auth.jwt-secret=${secret}`] });
    const { header, payload } = decode(await validToken());
    for (const change of [{ aud: "grafana" }, { iss: "someone-else" }, { typ: "refresh" }]) {
      expect((await meWith(sign(header, { ...payload, ...change }, secret))).status).toBe(401);
    }
    expect((await meWith(sign(header, payload, secret))).status).toBe(200);
  });

  it("refuses an expired token even when its session row would still be valid", async () => {
    const secret = "0123456789abcdef0123456789abcdef";
    server = await startTestServer({ flags: [`--auth.jwt-secret=${secret}`] });
    const { header, payload } = decode(await validToken());
    const past = Math.floor(Date.now() / 1000) - 10;
    expect((await meWith(sign(header, { ...payload, exp: past }, secret))).status).toBe(401);
  });

  it("refuses the session once idle past auth.login-maximum-inactive-days", async () => {
    const clock = createTestClock(new Date());
    server = await startTestServer({
      flags: ["--auth.login-maximum-inactive-days=1"],
      now: clock.now,
    });
    const token = await validToken();
    clock.advance(86_400_000 + 1000);
    const response = await meWith(token);
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({ error: { message: "session expired" } });
  });

  it("keeps one cookie while the session is used: activity moves its idle end on the server", async () => {
    const clock = createTestClock(new Date());
    server = await startTestServer({ now: clock.now });
    const token = await validToken();
    // Used every 6 days, past the 7-day idle limit twice over, with the very first cookie.
    for (let week = 0; week < 3; week++) {
      clock.advance(6 * 86_400_000);
      const response = await meWith(token);
      expect(response.status).toBe(200);
      expect(response.headers["set-cookie"]).toBeUndefined();
    }
    clock.advance(7 * 86_400_000 + 1000);
    expect((await meWith(token)).json()).toMatchObject({ error: { message: "session expired" } });
  });

  it("refuses garbage in the cookie and in the Authorization header with 401, never 500", async () => {
    server = await startTestServer();
    for (const junk of [
      "",
      "a.b.c",
      "...",
      "%%%",
      "x".repeat(5000),
      "eyJhbGciOiJIUzI1NiJ9.e30.x",
    ]) {
      expect((await meWith(junk)).status).toBe(401);
    }
    for (const authorization of [
      "Bearer",
      "Bearer psx-",
      "Bearer psx-AAAA",
      "Basic YWRtaW46YWRtaW4=",
      `Bearer ${"p".repeat(4000)}`,
    ]) {
      const response = await rawRequest(`${server.url}/auth/trpc/user.me`, {
        headers: { authorization },
      });
      expect(response.status).toBe(401);
    }
  });

  it("stops every token of a user whose password an admin resets, at once", async () => {
    server = await startTestServer();
    const admin = await server.signedIn("admin", "admin");
    await admin.trpc.user.changePassword.mutate({
      oldPassword: "admin",
      newPassword: "admins-new-passphrase",
    });
    const bob = await admin.trpc.admin.users.create.mutate({
      name: "bob",
      password: "bobs-long-password",
      role: "ReadOnly",
    });
    const bobClient = await server.signedIn("bob", "bobs-long-password");
    await admin.trpc.admin.users.setPassword.mutate({
      id: bob.id,
      password: "bobs-second-password",
    });
    expect((await meWith(bobClient.jar.session ?? "")).status).toBe(401);
  });
});
