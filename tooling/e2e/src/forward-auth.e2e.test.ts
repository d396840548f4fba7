import { request } from "node:http";
import { type AgentPush, runAgent } from "@pyroscope-auth/api/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { pathOf, strongPassword, submitLogin } from "./flows.js";
import { type Harness, useHarness } from "./harness.js";
import type { ReverseProxyKind } from "./reverse-proxies.js";

// nginx and Caddy from Debian, run from deploy/'s very config files, in front of a stand-in
// Pyroscope, asking pyroscope-auth through /auth/verify: the agent, a browser, a Grafana-style
// Basic key, and clients that send forward and identity headers of their own.

const json = { "content-type": "application/json" };

async function call(url: string, path: string, body: unknown, cookie = "") {
  const response = await fetch(`${url}/auth/trpc/${path}`, {
    method: "POST",
    headers: { ...json, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  return { response, data: (await response.json()) as { result?: { data?: unknown } } };
}

/** Through the proxy: the admin's password changed, a reader, an Agent and a ReadOnly key. */
async function prepare(harness: Harness) {
  const base = harness.baseUrl();
  const signIn = async (password: string) =>
    (
      (await call(base, "auth.login", { username: "admin", password })).response.headers.get(
        "set-cookie",
      ) ?? ""
    ).split(";")[0] ?? "";
  await call(
    base,
    "user.changePassword",
    { oldPassword: "admin", newPassword: strongPassword },
    await signIn("admin"),
  );
  const admin = await signIn(strongPassword);
  await call(
    base,
    "admin.users.create",
    { name: "reader", password: strongPassword, role: "ReadOnly" },
    admin,
  );
  const key = async (name: string, role: string) => {
    const { data } = await call(base, "admin.apiKeys.create", { name, role }, admin);
    return (data.result?.data as { key: string } | undefined)?.key ?? "";
  };
  return { agent: await key("agent", "Agent"), viewer: await key("viewer", "ReadOnly") };
}

const basic = (key: string) => `Basic ${Buffer.from(`grafana:${key}`).toString("base64")}`;

describe.each<ReverseProxyKind>(["nginx", "caddy"])("behind %s", (kind) => {
  const harness = useHarness(["--auth.ingestion.enabled"], { frontProxy: kind });
  let keys: { agent: string; viewer: string };
  beforeAll(async () => {
    keys = await prepare(harness);
  });

  const ingestsSince = (count: number) =>
    harness
      .upstream()
      .requests.slice(count)
      .filter((request) => request.url.startsWith("/ingest"));

  it("lets the real agent push with an Agent key, and refuses it without one or with a ReadOnly key", async () => {
    let before = harness.upstream().requests.length;
    const pushes: AgentPush[] = await runAgent(harness.baseUrl(), "bearer", keys.agent);
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    for (const push of pushes) expect(push.status).toBe(200);
    const received = ingestsSince(before);
    expect(received.map((request) => request.sha256).sort()).toEqual(
      pushes.map((push) => push.sha256).sort(),
    );
    for (const request of received) {
      expect(request.headers["x-auth-request-user"]).toBe("api-key:agent");
      expect(request.headers.authorization).toBeUndefined();
    }

    before = harness.upstream().requests.length;
    for (const push of await runAgent(harness.baseUrl(), "none")) expect(push.status).toBe(401);
    for (const push of await runAgent(harness.baseUrl(), "bearer", keys.viewer))
      expect(push.status).toBe(403);
    expect(ingestsSince(before)).toEqual([]);
  });

  it("lets a ReadOnly key (Basic, as Grafana sends it) query, and not ingest", async () => {
    const query = await fetch(`${harness.baseUrl()}/querier.v1.QuerierService/LabelNames`, {
      method: "POST",
      headers: { ...json, authorization: basic(keys.viewer) },
      body: "{}",
    });
    expect(query.status).toBe(200);
    const before = harness.upstream().requests.length;
    const ingest = await fetch(`${harness.baseUrl()}/ingest?name=x`, {
      method: "POST",
      headers: { authorization: basic(keys.viewer) },
      body: "x",
    });
    expect(ingest.status).toBe(403);
    expect(ingestsSince(before)).toEqual([]);
  });

  it("is not swayed by a client's own forward and identity headers, and passes none of them on", async () => {
    const claims = {
      "x-forwarded-uri": "/ready",
      "x-forwarded-method": "GET",
      "x-original-url": `${harness.baseUrl()}/ready`,
      "x-original-method": "GET",
      "x-auth-request-user": "admin",
      "x-auth-request-groups": "Admin",
      "remote-user": "admin",
    };
    const before = harness.upstream().requests.length;
    const anonymous = await fetch(`${harness.baseUrl()}/ingest?name=x`, {
      method: "POST",
      headers: claims,
      body: "x",
    });
    expect(anonymous.status).toBe(401);
    expect(harness.upstream().requests.length).toBe(before);

    const asViewer = await fetch(`${harness.baseUrl()}/explore`, {
      headers: { ...claims, authorization: `Bearer ${keys.viewer}` },
    });
    expect(asViewer.status).toBe(200);
    const [passed] = harness.upstream().requests.slice(before);
    expect(passed?.url).toBe("/explore");
    expect(passed?.headers["x-auth-request-user"]).toBe("api-key:viewer");
    expect(passed?.headers["x-auth-request-groups"]).toBe("ReadOnly");
    for (const name of [
      "x-forwarded-uri",
      "x-forwarded-method",
      "x-original-url",
      "x-original-method",
      "remote-user",
    ])
      expect(passed?.headers[name] ?? "", name).toBe("");

    // Nor can a client ask /auth/verify about another request through the proxy.
    const asked = await fetch(`${harness.baseUrl()}/auth/verify`, { headers: claims });
    expect([401, 404]).toContain(asked.status);
  });

  it("sends a browser to the login page and, once signed in, back to the page it opened", async () => {
    const page = await harness.newPage();
    await page.goto("/explore?from=now-1h");
    await page.waitForURL("**/auth/login?rd=%2Fexplore%3Ffrom%3Dnow-1h");
    await submitLogin(page, "reader", strongPassword);
    await page.waitForURL((url) => url.pathname === "/explore");
    expect(pathOf(page)).toBe("/explore?from=now-1h");
    await page.getByRole("heading", { name: "Pyroscope UI" }).waitFor();
    const served = harness
      .upstream()
      .requests.findLast((request) => request.url.startsWith("/explore?"));
    expect(served?.headers["x-auth-request-user"]).toBe("reader");
  });

  it("decides for itself only when an untrusted peer calls /auth/verify with forged headers", async () => {
    // Straight to the server from 127.0.0.2, which is not the trusted proxy (127.0.0.1).
    const response = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const sent = request(
        `${harness.serverUrl()}/auth/verify`,
        {
          localAddress: "127.0.0.2",
          headers: {
            "x-forwarded-uri": "/ready",
            "x-forwarded-method": "GET",
            "x-original-url": "/ready",
          },
        },
        (answer) => {
          let text = "";
          answer.on("data", (chunk: Buffer) => {
            text += chunk;
          });
          answer.on("end", () => resolve({ status: answer.statusCode ?? 0, text }));
        },
      );
      sent.on("error", reject);
      sent.end();
    });
    expect(response.status).toBe(401);
    expect(response.text).toContain("not in auth.trusted-proxies");
  });
});

describe.each<ReverseProxyKind>(["nginx", "caddy"])(
  "behind %s, before the first password change",
  (kind) => {
    const harness = useHarness([], { frontProxy: kind });

    it("sends a person with a step still to take to that step's page, not to a 403 page", async () => {
      const base = harness.baseUrl();
      const { response } = await call(base, "auth.login", { username: "admin", password: "admin" });
      const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const open = (accept: string) =>
        fetch(`${base}/explore?from=now-1h`, { headers: { cookie, accept }, redirect: "manual" });
      const opened = await open("text/html");
      expect(opened.status).toBe(302);
      expect(opened.headers.get("location")).toMatch(
        /\/auth\/change-password\?rd=%2Fexplore%3Ffrom%3Dnow-1h$/,
      );
      // An API client is told, not sent anywhere.
      expect((await open("application/json")).status).toBe(403);
      expect(
        harness.upstream().requests.some((request) => request.url.startsWith("/explore")),
      ).toBe(false);
    });
  },
);
