import { createTestClock } from "@pyroscope-auth/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgent } from "../testing/agent.js";
import { type RecordingUpstream, startRecordingUpstream } from "../testing/recording-upstream.js";
import { adminPassword, startTestServer, type TestServer } from "../testing/test-server.js";

// The real @pyroscope/nodejs agent (it pushes pprof to POST /ingest) profiling a short workload
// through the gateway, with ingestion authentication on.

let upstream: RecordingUpstream;
let server: TestServer;
const clock = createTestClock(new Date());
const keys = { agent: "", readOnly: "" };

function ingestsSince(count: number) {
  return upstream.requests.slice(count).filter((request) => request.url.startsWith("/ingest"));
}

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  server = await startTestServer({
    now: clock.now,
    flags: [`--gateway.upstream-url=${upstream.url}`, "--auth.ingestion.enabled"],
  });
  const admin = await server.admin();
  keys.agent = (await admin.trpc.admin.apiKeys.create.mutate({ name: "node", role: "Agent" })).key;
  keys.readOnly = (
    await admin.trpc.admin.apiKeys.create.mutate({ name: "viewer", role: "ReadOnly" })
  ).key;
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});

describe("the @pyroscope/nodejs agent through the gateway", () => {
  it("pushes its profiles with an Agent key as authToken, and the upstream gets them byte for byte", async () => {
    const before = upstream.requests.length;
    const pushes = await runAgent(server.url, "bearer", keys.agent);
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    for (const push of pushes) expect(push.status).toBe(200);
    const received = ingestsSince(before);
    expect(received.map((request) => request.sha256).sort()).toEqual(
      pushes.map((push) => push.sha256).sort(),
    );
    for (const request of received) {
      expect(request.url).toMatch(/^\/ingest\?format=pprof&from=\d+&name=gateway-agent-test/);
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers["x-auth-request-user"]).toBe("api-key:node");
    }
  });

  it("pushes with the key as a Basic password too", async () => {
    const before = upstream.requests.length;
    const pushes = await runAgent(server.url, "basic", keys.agent);
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    for (const push of pushes) expect(push.status).toBe(200);
    expect(ingestsSince(before)).toHaveLength(pushes.length);
  });

  it("is refused without a key (401) and with a ReadOnly key (403), and nothing reaches the upstream", async () => {
    const before = upstream.requests.length;
    const anonymous = await runAgent(server.url, "none");
    expect(anonymous.length).toBeGreaterThanOrEqual(2);
    for (const push of anonymous) expect(push.status).toBe(401);
    const reader = await runAgent(server.url, "bearer", keys.readOnly);
    for (const push of reader) expect(push.status).toBe(403);
    expect(ingestsSince(before)).toEqual([]);
  });

  it("is refused with a deleted key once the key cache's TTL has passed", async () => {
    const admin = await server.signedIn("admin", adminPassword);
    const created = await admin.trpc.admin.apiKeys.create.mutate({ name: "gone", role: "Agent" });
    const first = await runAgent(server.url, "bearer", created.key);
    for (const push of first) expect(push.status).toBe(200);
    await admin.trpc.admin.apiKeys.delete.mutate({ id: created.apiKey.id });
    clock.advance(61_000);
    const before = upstream.requests.length;
    const after = await runAgent(server.url, "bearer", created.key);
    for (const push of after) expect(push.status).toBe(401);
    expect(ingestsSince(before)).toEqual([]);
  });
});
