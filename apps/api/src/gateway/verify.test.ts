import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieName } from "../identity/session-token.js";
import { type RawResponse, rawRequest } from "../testing/http-client.js";
import {
  adminPassword,
  startTestServer,
  type TestClient,
  type TestServer,
} from "../testing/test-server.js";

// /auth/verify as a proxy asks it (127.0.0.1, the trusted proxy here) and as anyone else would
// (127.0.0.2, not trusted), without any upstream behind this server.

let server: TestServer;
let reader: TestClient;
const keys = { agent: "", readOnly: "" };
const proxy = { localAddress: "127.0.0.1" };
const stranger = { localAddress: "127.0.0.2" };
const html = { accept: "text/html" };

function verify(
  headers: Record<string, string>,
  { from = proxy, query = "" }: { from?: { localAddress: string }; query?: string } = {},
): Promise<RawResponse> {
  return rawRequest(`${server.url}/auth/verify${query}`, { headers, ...from });
}

/** What Traefik and Caddy send: the original method and URI in X-Forwarded-*. */
const forwarded = (method: string, uri: string) => ({
  "x-forwarded-method": method,
  "x-forwarded-uri": uri,
  "x-forwarded-host": "pyroscope.example",
  "x-forwarded-proto": "https",
});

/** What the README's nginx config sends. */
const original = (method: string, url: string) => ({
  "x-original-method": method,
  "x-original-url": url,
});

beforeAll(async () => {
  server = await startTestServer({
    flags: [
      "--auth.trusted-proxies=127.0.0.1",
      "--auth.ingestion.enabled",
      "--gateway.tenant-id=team-a",
    ],
  });
  const admin = await server.admin();
  await admin.trpc.admin.users.create.mutate({
    name: "reader",
    email: "reader@example.com",
    password: "reader-passphrase",
    role: "ReadOnly",
  });
  reader = await server.signedIn("reader", "reader-passphrase");
  keys.agent = (await admin.trpc.admin.apiKeys.create.mutate({ name: "agent", role: "Agent" })).key;
  keys.readOnly = (
    await admin.trpc.admin.apiKeys.create.mutate({ name: "viewer", role: "ReadOnly" })
  ).key;
});
afterAll(async () => {
  await server.close();
});

describe("/auth/verify for a trusted proxy", () => {
  it("allows a reader's page with 200, empty, naming the caller and the tenant", async () => {
    const response = await verify({
      ...forwarded("GET", "/explore?from=now-1h"),
      cookie: `${sessionCookieName}=${reader.jar.session}`,
    });
    expect(response.status).toBe(200);
    expect(response.text).toBe("");
    expect(response.headers).toMatchObject({
      "x-auth-request-user": "reader",
      "x-auth-request-email": "reader@example.com",
      "x-auth-request-groups": "ReadOnly",
      "remote-user": "reader",
      "remote-email": "reader@example.com",
      "remote-groups": "ReadOnly",
      "x-scope-orgid": "team-a",
      "cache-control": "no-store",
    });
  });

  it("judges agents by their key, nginx style (X-Original-*), Bearer or Basic", async () => {
    const push = original("POST", "https://pyroscope.example/ingest?name=app.cpu");
    const basic = (key: string) => `Basic ${Buffer.from(`agent:${key}`).toString("base64")}`;
    const allowed = await verify({ ...push, authorization: `Bearer ${keys.agent}` });
    expect(allowed.status).toBe(200);
    expect(allowed.headers["x-auth-request-user"]).toBe("api-key:agent");
    expect((await verify({ ...push, authorization: basic(keys.agent) })).status).toBe(200);
    expect((await verify({ ...push, authorization: `Bearer ${keys.readOnly}` })).status).toBe(403);
    const anonymous = await verify(push);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toBe('Bearer realm="pyroscope"');
    expect(anonymous.headers.location).toBeUndefined();
    // The same key may read, and not what it may not.
    const query = original("POST", "/querier.v1.QuerierService/SelectMergeStacktraces");
    expect((await verify({ ...query, authorization: basic(keys.readOnly) })).status).toBe(200);
    expect((await verify({ ...query, authorization: basic(keys.agent) })).status).toBe(403);
  });

  it("names the login page for a person, or sends them there with ?redirect=1", async () => {
    const page = { ...forwarded("GET", "/explore?from=now-1h"), ...html };
    const login = `/auth/login?rd=${encodeURIComponent("/explore?from=now-1h")}`;
    const nginx = await verify(page);
    expect(nginx.status).toBe(401);
    expect(nginx.headers.location).toBe(login);
    const caddy = await verify(page, { query: "?redirect=1" });
    expect(caddy.status).toBe(302);
    expect(caddy.headers.location).toBe(login);
  });

  it("names a person whose name is beyond ASCII, percent-encoded", async () => {
    const admin = await server.signedIn("admin", adminPassword);
    await admin.trpc.admin.users.create.mutate({
      name: "张伟",
      password: "zhang-wei-passphrase",
      role: "ReadOnly",
    });
    const zhang = await server.signedIn("张伟", "zhang-wei-passphrase");
    const response = await verify({
      ...forwarded("GET", "/explore"),
      cookie: `${sessionCookieName}=${zhang.jar.session}`,
    });
    expect(response.status).toBe(200);
    expect(response.headers["x-auth-request-user"]).toBe("%E5%BC%A0%E4%BC%9F");
  });

  it("decides on the original method: GET /ready is public, POST is not", async () => {
    const ready = await verify(forwarded("GET", "/ready"));
    expect(ready.status).toBe(200);
    // Every identity header is there, empty: nobody is named.
    expect(ready.headers["x-auth-request-user"]).toBe("");
    expect(ready.headers["remote-groups"]).toBe("");
    expect((await verify(forwarded("POST", "/ready"))).status).toBe(401);
  });

  it("refuses a non-canonical original path with 403, which every proxy relays", async () => {
    const response = await verify({
      ...forwarded("GET", "/ingest/../admin"),
      cookie: `${sessionCookieName}=${reader.jar.session}`,
    });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({
      error: { message: expect.stringMatching(/path refused/) },
    });
  });

  it("lets the product's own pages through, which judge their callers themselves", async () => {
    expect((await verify(forwarded("GET", "/auth/login?rd=%2F"))).status).toBe(200);
    // On their canonical path only: a proxy may route /auth/../admin as /admin.
    expect((await verify(forwarded("GET", "/auth/../admin"))).status).toBe(403);
    expect((await verify(forwarded("GET", "/auth/..%2Fadmin"))).status).toBe(403);
  });

  it("reads the path of a whole URL as written, whatever a URL parser makes of its host", async () => {
    // `1` is 0.0.0.1 to a URL parser: measured by the parsed origin, the path would be /ready.
    const response = await verify(original("GET", "http://1/ring?/ready"));
    expect(response.status).toBe(401);
    expect((await verify(original("GET", "http://1?x"))).status).toBe(401);
  });

  it("judges itself when the proxy names a URI without its method", async () => {
    const response = await verify({ "x-forwarded-uri": "/ready" });
    expect(response.status).toBe(401);
    expect(response.headers["x-auth-verify-note"]).toMatch(/no usable/);
  });
});

describe("/auth/verify for anyone else", () => {
  it("ignores their forward headers, says so, and decides for the verify request itself", async () => {
    const forged = await verify(
      { ...forwarded("GET", "/ready"), "x-auth-request-user": "admin" },
      { from: stranger },
    );
    expect(forged.status).toBe(401);
    expect(forged.headers["x-auth-verify-note"]).toMatch(
      /ignored: the peer is not in auth.trusted-proxies/,
    );
    expect(forged.json()).toMatchObject({
      error: { data: { errors: ["authentication required", expect.stringMatching(/ignored/)] } },
    });
    // A reader asking about /auth/verify itself (Admin's, as anything unnamed) is refused too.
    const asReader = await verify(
      { ...forwarded("GET", "/ready"), cookie: `${sessionCookieName}=${reader.jar.session}` },
      { from: stranger },
    );
    expect(asReader.status).toBe(403);
  });

  it("gives no free pass to a caller that names no request", async () => {
    expect((await verify({}, { from: stranger })).status).toBe(401);
    expect((await verify({})).status).toBe(401);
  });
});

describe("/auth/verify without internal authentication", () => {
  it("passes what the original left open, but never a request no trusted proxy names", async () => {
    const open = await startTestServer({
      flags: [
        "--auth.internal.enabled=false",
        "--auth.trusted-proxies=127.0.0.1",
        "--auth.ingestion.enabled",
      ],
    });
    try {
      const ask = (headers: Record<string, string>, from = proxy) =>
        rawRequest(`${open.url}/auth/verify`, { headers, ...from });
      expect((await ask(forwarded("GET", "/explore"))).status).toBe(200);
      // Ingest still needs a key.
      expect((await ask(forwarded("POST", "/ingest"))).status).toBe(401);
      // A proxy that is not trusted, or that names nothing, gets no free pass.
      expect((await ask(forwarded("GET", "/explore"), stranger)).status).toBe(403);
      expect((await ask({})).status).toBe(403);
    } finally {
      await open.close();
    }
  });
});

describe("/auth/verify under base-url", () => {
  let under: TestServer;
  let agentKey = "";
  beforeAll(async () => {
    under = await startTestServer({
      flags: [
        "--auth.trusted-proxies=127.0.0.1",
        "--auth.ingestion.enabled",
        "--base-url=/pyroscope/",
      ],
    });
    const admin = await under.admin();
    agentKey = (await admin.trpc.admin.apiKeys.create.mutate({ name: "agent", role: "Agent" })).key;
  });
  afterAll(async () => {
    await under.close();
  });
  const ask = (headers: Record<string, string>) =>
    rawRequest(`${under.url}/auth/verify`, { headers, ...proxy });

  it("judges the path beneath the base path, and sends a person to the login page under it", async () => {
    const bearer = { authorization: `Bearer ${agentKey}` };
    expect(
      (await ask({ ...forwarded("POST", "/pyroscope/ingest?name=x"), ...bearer })).status,
    ).toBe(200);
    expect(
      (
        await ask({
          ...forwarded("POST", "/pyroscope/querier.v1.QuerierService/LabelNames"),
          ...bearer,
        })
      ).status,
    ).toBe(403);
    const page = await ask({
      ...original("GET", "https://pyroscope.example/pyroscope/explore?from=now-1h"),
      ...html,
    });
    expect(page.status).toBe(401);
    expect(page.headers.location).toBe(
      `/pyroscope/auth/login?rd=${encodeURIComponent("/pyroscope/explore?from=now-1h")}`,
    );
    expect((await ask(forwarded("GET", "/pyroscope/auth/login"))).status).toBe(200);
    expect((await ask(forwarded("GET", "/pyroscope/ready"))).status).toBe(200);
    expect((await ask(forwarded("GET", "/pyroscope/../auth/login"))).status).toBe(403);
  });
});
