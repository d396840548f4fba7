import { request as httpRequest } from "node:http";
import { createTestClock } from "@pyroscope-auth/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sessionCookieName } from "../identity/session-token.js";
import { type RawResponse, rawRequest } from "../testing/http-client.js";
import {
  echo,
  type RecordingUpstream,
  resetBeforeAnswer,
  resetMidAnswer,
  stall,
  startRecordingUpstream,
} from "../testing/recording-upstream.js";
import { startTestServer, type TestClient, type TestServer } from "../testing/test-server.js";

// The gateway in front of a stand-in Pyroscope (a recording HTTP server): who gets through, what
// reaches the upstream, and what a client is told when the upstream fails.

let upstream: RecordingUpstream;
let server: TestServer;
let admin: TestClient;
let reader: TestClient;
const keys: Record<"agent" | "readOnly" | "admin", string> = { agent: "", readOnly: "", admin: "" };
const clock = createTestClock(new Date());

const html = { accept: "text/html,application/xhtml+xml" };
const basic = (key: string) => `Basic ${Buffer.from(`pyroscope:${key}`).toString("base64")}`;
const cookieOf = (client: TestClient) => `${sessionCookieName}=${client.jar.session ?? ""}`;

async function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return rawRequest(`${server.url}${path}`, options);
}

/** The requests the upstream received during `act`. */
async function reaching(act: () => Promise<unknown>) {
  const before = upstream.requests.length;
  await act();
  return upstream.requests.slice(before);
}

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  server = await startTestServer({
    now: clock.now,
    flags: [
      `--gateway.upstream-url=${upstream.url}`,
      "--auth.ingestion.enabled",
      "--gateway.tenant-id=team-a",
      "--gateway.timeout=1s",
    ],
  });
  admin = await server.admin();
  await admin.trpc.admin.users.create.mutate({
    name: "reader",
    email: "reader@example.com",
    password: "reader-passphrase",
    role: "ReadOnly",
  });
  reader = await server.signedIn("reader", "reader-passphrase");
  for (const [name, role] of [
    ["agent", "Agent"],
    ["readOnly", "ReadOnly"],
    ["admin", "Admin"],
  ] as const)
    keys[name] = (await admin.trpc.admin.apiKeys.create.mutate({ name, role })).key;
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});
beforeEach(() => {
  upstream.answer(echo);
});

describe("who gets through", () => {
  it("sends an anonymous browser to the login page, with the page to come back to", async () => {
    const requests = await reaching(async () => {
      const response = await send("/explore?from=now-1h&query=a%20b", { headers: html });
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(
        `/auth/login?rd=${encodeURIComponent("/explore?from=now-1h&query=a%20b")}`,
      );
    });
    expect(requests).toEqual([]);
  });

  it("answers an anonymous API call 401 with a challenge, in the contract's error shape", async () => {
    const response = await send("/querier.v1.QuerierService/LabelNames", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="pyroscope"');
    expect(response.json()).toMatchObject({
      error: {
        message: "authentication required",
        data: { code: "UNAUTHORIZED", httpStatus: 401 },
      },
    });
  });

  it("lets a signed-in reader browse and query, and tells the upstream who it is", async () => {
    const [page] = await reaching(async () => {
      const response = await send("/explore?from=now-1h", {
        headers: {
          ...html,
          cookie: `${cookieOf(reader)}; grafana_session=abc; pyroscopeDevice=d2.x.1.y`,
        },
      });
      expect(response.status).toBe(200);
      expect(response.headers["x-upstream"]).toBe("stand-in");
    });
    expect(page?.url).toBe("/explore?from=now-1h");
    expect(page?.headers).toMatchObject({
      "x-auth-request-user": "reader",
      "x-auth-request-email": "reader@example.com",
      "x-auth-request-groups": "ReadOnly",
      "x-scope-orgid": "team-a",
      "x-forwarded-proto": "http",
      "x-forwarded-for": "127.0.0.1",
      // The upstream's other cookies pass; ours (session, device) never do.
      cookie: "grafana_session=abc",
    });
    expect(page?.headers["x-forwarded-host"]).toBe(new URL(server.url).host);
    expect((await send("/", { headers: { cookie: cookieOf(reader) } })).status).toBe(200);
  });

  it("lets agents push with a Bearer or a Basic key, and no one else", async () => {
    const body = "cpu;main;work 10";
    const ingest = (authorization?: string) =>
      send("/ingest?name=app.cpu&from=1&until=2", {
        method: "POST",
        headers: { "content-type": "text/plain", ...(authorization ? { authorization } : {}) },
        body,
      });
    const passed = await reaching(async () => {
      expect((await ingest(`Bearer ${keys.agent}`)).status).toBe(200);
      expect((await ingest(basic(keys.agent))).status).toBe(200);
      expect((await ingest(`Bearer ${keys.admin}`)).status).toBe(200);
    });
    expect(passed.map((request) => request.body.toString())).toEqual([body, body, body]);
    for (const request of passed) {
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers["x-scope-orgid"]).toBe("team-a");
    }
    expect(passed[0]?.headers["x-auth-request-user"]).toBe("api-key:agent");
    expect(passed[0]?.headers["x-auth-request-groups"]).toBe("Agent");

    const refused = await reaching(async () => {
      expect((await ingest()).status).toBe(401);
      expect((await ingest(`Bearer ${keys.readOnly}`)).status).toBe(403);
      expect((await ingest(basic(keys.readOnly))).status).toBe(403);
      expect((await ingest("Bearer psx-not-a-key")).status).toBe(401);
      expect((await ingest(basic(""))).status).toBe(401);
      expect((await ingest("Token abc")).status).toBe(401);
      expect((await ingest(`Bearer ${keys.agent}x`)).status).toBe(401);
      // A browser session of a reader cannot push either.
      const response = await send("/ingest", {
        method: "POST",
        headers: { cookie: cookieOf(reader) },
        body,
      });
      expect(response.status).toBe(403);
    });
    expect(refused).toEqual([]);
  });

  it("applies the roles: an Agent key cannot query, a ReadOnly key can, internal RPCs stay closed", async () => {
    const query = (authorization: string) =>
      send("/querier.v1.QuerierService/ProfileTypes", {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: "{}",
      });
    expect((await query(`Bearer ${keys.agent}`)).status).toBe(403);
    expect((await query(basic(keys.readOnly))).status).toBe(200);
    expect(
      (
        await send("/pyroscope/render?query=x", {
          headers: { authorization: basic(keys.readOnly) },
        })
      ).status,
    ).toBe(200);
    const closed = await reaching(async () => {
      for (const path of [
        "/ingester.v1.IngesterService/Push",
        "/storegateway.v1.StoreGatewayService/Series",
        "/querier.v1.QuerierService/Unknown",
      ]) {
        const response = await send(path, {
          method: "POST",
          headers: { authorization: `Bearer ${keys.readOnly}` },
          body: "{}",
        });
        expect(response.status, path).toBe(403);
      }
      const internal = await send("/ingester.v1.IngesterService/Push", {
        method: "POST",
        headers: { cookie: cookieOf(admin) },
        body: "{}",
      });
      expect(internal.status).toBe(403);
      expect(internal.json()).toMatchObject({ error: { data: { code: "FORBIDDEN" } } });
      // Settings writes are Admin's.
      const write = await send("/settings.v1.SettingsService/Set", {
        method: "POST",
        headers: { cookie: cookieOf(reader), "content-type": "application/json" },
        body: "{}",
      });
      expect(write.status).toBe(403);
    });
    expect(closed).toEqual([]);
    const adminWrite = await send("/settings.v1.SettingsService/Set", {
      method: "POST",
      headers: { cookie: cookieOf(admin), "content-type": "application/json" },
      body: "{}",
    });
    expect(adminWrite.status).toBe(200);
  });

  it("names a person whose name is beyond ASCII, percent-encoded", async () => {
    await admin.trpc.admin.users.create.mutate({
      name: "Łukasz",
      email: "lukasz@example.com",
      password: "lukasz-passphrase",
      role: "ReadOnly",
    });
    const lukasz = await server.signedIn("Łukasz", "lukasz-passphrase");
    const [request] = await reaching(async () => {
      expect((await send("/explore", { headers: { cookie: cookieOf(lukasz) } })).status).toBe(200);
    });
    expect(request?.headers["x-auth-request-user"]).toBe("%C5%81ukasz");
    expect(request?.headers["x-auth-request-email"]).toBe("lukasz@example.com");
  });

  it("answers a client's Expect: 100-continue itself and passes the body on", async () => {
    const [request] = await reaching(async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const sent = httpRequest(`${server.url}/ingest?name=x`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${keys.agent}`,
            expect: "100-continue",
            "content-length": 5,
          },
        });
        sent.on("continue", () => sent.end("hello"));
        sent.on("response", (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        sent.on("error", reject);
      });
      expect(status).toBe(200);
    });
    expect(request?.body.toString()).toBe("hello");
    expect(request?.headers.expect).toBeUndefined();
  });

  it("serves GET /ready to anyone", async () => {
    expect((await send("/ready")).status).toBe(200);
    expect((await send("/ready", { method: "POST" })).status).toBe(401);
  });

  it("refuses a reader's session used from another site to write", async () => {
    await admin.trpc.admin.users.create.mutate({
      name: "writer",
      password: "writer-passphrase",
      role: "Admin",
    });
    const writer = await server.signedIn("writer", "writer-passphrase");
    const requests = await reaching(async () => {
      const response = await send("/settings.v1.SettingsService/Set", {
        method: "POST",
        headers: {
          cookie: cookieOf(writer),
          origin: "https://evil.example",
          "content-type": "application/json",
        },
        body: "{}",
      });
      expect(response.status).toBe(403);
      const crossSite = await send("/settings.v1.SettingsService/Set", {
        method: "POST",
        headers: { cookie: cookieOf(writer), "sec-fetch-site": "cross-site" },
        body: "{}",
      });
      expect(crossSite.status).toBe(403);
    });
    expect(requests).toEqual([]);
  });

  it("never proxies the product's own paths, whatever the method", async () => {
    const requests = await reaching(async () => {
      expect((await send("/auth/anything", { method: "POST", body: "x" })).status).toBe(404);
      expect((await send("/auth/login", { method: "PUT", body: "x" })).status).toBe(404);
      expect((await send("/auth", { method: "DELETE" })).status).toBe(404);
      expect((await send("/auth/trpc/auth.config", { method: "PUT", body: "x" })).status).toBe(415);
      expect((await send("/healthz", { method: "POST", body: "x" })).status).toBe(404);
      expect((await send("/auth/trpc/auth.config")).status).toBe(200);
      expect((await send("/healthz")).status).toBe(200);
    });
    expect(requests).toEqual([]);
  });
});

describe("what reaches the upstream (DESIGN.md rule 9)", () => {
  it("refuses every non-canonical spelling of a path before the policy", async () => {
    const requests = await reaching(async () => {
      for (const path of [
        "/ingest/../admin",
        "/./admin",
        "//admin",
        "/%2e%2e/admin",
        "/ingest%2F..%2Fadmin",
        "/ingest%5cadmin",
        "/admin%00",
        "/assets/..%2f..%2fadmin",
        "/%zz",
      ]) {
        const response = await send(path, { headers: { cookie: cookieOf(admin) } });
        expect(response.status, path).toBe(400);
        expect(response.json()).toMatchObject({ error: { data: { code: "BAD_REQUEST" } } });
      }
    });
    expect(requests).toEqual([]);
  });

  it("judges an escaped path as the upstream will route it", async () => {
    const requests = await reaching(async () => {
      const response = await send("/%69ngester.v1.IngesterService/Push", {
        method: "POST",
        headers: { cookie: cookieOf(admin) },
        body: "{}",
      });
      expect(response.status).toBe(403);
    });
    expect(requests).toEqual([]);
  });

  it("passes no credential and no identity, tenant or forward header a client sends", async () => {
    const [request] = await reaching(async () => {
      const response = await send("/querier.v1.QuerierService/LabelNames", {
        method: "POST",
        headers: {
          authorization: basic(keys.readOnly),
          cookie: `${sessionCookieName}=forged; other=1`,
          "content-type": "application/json",
          "x-auth-request-user": "admin",
          "x-auth-request-groups": "Admin",
          "x-auth-request-email": "admin@localhost.localdomain",
          "x-forwarded-user": "admin",
          "x-forwarded-email": "admin@localhost.localdomain",
          "remote-user": "admin",
          "remote-groups": "Admin",
          "x-scope-orgid": "someone-else",
          "x-forwarded-for": "203.0.113.7",
          "x-forwarded-host": "evil.example",
          "x-forwarded-proto": "https",
          "x-real-ip": "203.0.113.7",
          forwarded: "for=203.0.113.7",
          "x-original-url": "/admin",
        },
        body: "{}",
      });
      // The session cookie is judged first: a forged one is refused, whatever else is sent.
      expect(response.status).toBe(401);
    });
    expect(request).toBeUndefined();

    const [passed] = await reaching(async () => {
      const response = await send("/querier.v1.QuerierService/LabelNames", {
        method: "POST",
        headers: {
          authorization: basic(keys.readOnly),
          cookie: "other=1",
          "content-type": "application/json",
          "x-auth-request-user": "admin",
          "x-auth-request-groups": "Admin",
          "x-forwarded-user": "admin",
          "remote-user": "admin",
          "x-scope-orgid": "someone-else",
          "x-forwarded-for": "203.0.113.7",
          "x-forwarded-host": "evil.example",
          "x-real-ip": "203.0.113.7",
          forwarded: "for=203.0.113.7",
          "x-original-url": "/admin",
        },
        body: "{}",
      });
      expect(response.status).toBe(200);
    });
    expect(passed?.headers).toMatchObject({
      "x-auth-request-user": "api-key:readOnly",
      "x-auth-request-groups": "ReadOnly",
      "x-scope-orgid": "team-a",
      "x-forwarded-for": "127.0.0.1",
      "x-forwarded-host": new URL(server.url).host,
      "x-forwarded-proto": "http",
      cookie: "other=1",
    });
    for (const name of [
      "authorization",
      "x-auth-request-email",
      "x-forwarded-user",
      "remote-user",
      "x-real-ip",
      "forwarded",
      "x-original-url",
    ])
      expect(passed?.headers[name], name).toBeUndefined();
    expect(JSON.stringify(passed?.headers)).not.toContain(keys.readOnly);
  });
});

describe("the key cache (auth.ingestion.cache-ttl)", () => {
  it("lets a deleted key work until the TTL runs out, then refuses it", async () => {
    const created = await admin.trpc.admin.apiKeys.create.mutate({ name: "short", role: "Agent" });
    const push = () =>
      send("/ingest", {
        method: "POST",
        headers: { authorization: `Bearer ${created.key}` },
        body: "x",
      });
    expect((await push()).status).toBe(200);
    await admin.trpc.admin.apiKeys.delete.mutate({ id: created.apiKey.id });
    expect((await push()).status).toBe(200);
    clock.advance(61_000);
    const requests = await reaching(async () => {
      expect((await push()).status).toBe(401);
    });
    expect(requests).toEqual([]);
  });

  it("stops an expired key at its expiry, cached or not", async () => {
    const created = await admin.trpc.admin.apiKeys.create.mutate({
      name: "brief",
      role: "Agent",
      ttlSeconds: 10,
    });
    const push = () =>
      send("/ingest", {
        method: "POST",
        headers: { authorization: `Bearer ${created.key}` },
        body: "x",
      });
    expect((await push()).status).toBe(200);
    clock.advance(11_000);
    expect((await push()).status).toBe(401);
  });
});

describe("when the upstream fails", () => {
  const query = () => send("/explore", { headers: { cookie: cookieOf(reader) } });

  it("answers 504 for an upstream that stalls past gateway.timeout", async () => {
    upstream.answer(stall);
    const response = await query();
    expect(response.status).toBe(504);
    expect(response.json()).toMatchObject({
      error: { data: { code: "GATEWAY_TIMEOUT", httpStatus: 504 } },
    });
  });

  it("answers 502 for an upstream that drops the connection", async () => {
    upstream.answer(resetBeforeAnswer);
    const response = await query();
    expect(response.status).toBe(502);
    expect(response.json()).toMatchObject({ error: { data: { code: "BAD_GATEWAY" } } });
  });

  it("cuts the answer off, rather than hang, when the upstream drops it midway", async () => {
    upstream.answer(resetMidAnswer);
    await expect(query()).rejects.toThrow();
  });
});

describe("an upstream that is not there", () => {
  it("answers 502", async () => {
    const gone = await startRecordingUpstream();
    await gone.close();
    const lonely = await startTestServer({ flags: [`--gateway.upstream-url=${gone.url}`] });
    try {
      const response = await rawRequest(`${lonely.url}/ready`);
      expect(response.status).toBe(502);
      expect(response.json()).toMatchObject({
        error: { message: "the upstream Pyroscope server is unavailable" },
      });
    } finally {
      await lonely.close();
    }
  });
});

describe("under base-url", () => {
  it("sends an anonymous browser to the login page under the base path, to come back under it", async () => {
    const under = await startTestServer({
      flags: [`--gateway.upstream-url=${upstream.url}`, "--base-url=/pyroscope/"],
    });
    try {
      const response = await rawRequest(`${under.url}/explore?from=now-1h`, { headers: html });
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(
        `/pyroscope/auth/login?rd=${encodeURIComponent("/pyroscope/explore?from=now-1h")}`,
      );
    } finally {
      await under.close();
    }
  });
});
