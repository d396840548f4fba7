import { startPostgresWithDatabase, type ThrowawayPostgres } from "@pyroscope-auth/db/testing";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { sessionCookieName } from "./identity/session-token.js";
import { rawRequest } from "./testing/http-client.js";
import { type RecordingUpstream, startRecordingUpstream } from "./testing/recording-upstream.js";
import { startTestServer, type TestServer } from "./testing/test-server.js";

// A PostgreSQL server that goes away and comes back: /healthz says so, requests are answered
// 503 with when to come back (never 500), and the server recovers by itself.

let postgres: ThrowawayPostgres;
let upstream: RecordingUpstream;
let server: TestServer;

beforeAll(async () => {
  const started = await startPostgresWithDatabase();
  postgres = started.server;
  const { url } = started;
  upstream = await startRecordingUpstream();
  server = await startTestServer({
    flags: [`--database.url=${url}`, `--gateway.upstream-url=${upstream.url}`],
  });
});
afterAll(async () => {
  await server?.close();
  await upstream?.close();
  postgres?.stop();
});

it("answers 503 with Retry-After while the database is down, and recovers when it is back", async () => {
  const admin = await server.admin();
  const cookie = `${sessionCookieName}=${admin.jar.session ?? ""}`;
  const me = () => rawRequest(`${server.url}/auth/trpc/user.me`, { headers: { cookie } });
  const explore = () =>
    rawRequest(`${server.url}/explore`, { headers: { cookie, accept: "text/html" } });
  const health = async () => {
    const response = await rawRequest(`${server.url}/healthz`);
    return { status: response.status, body: response.json() };
  };
  expect((await me()).status).toBe(200);
  expect(await health()).toEqual({ status: 200, body: { status: "ok" } });

  const printed = vi.spyOn(console, "log");
  postgres.pause();
  try {
    expect(await health()).toEqual({ status: 503, body: { status: "database unavailable" } });
    for (const answer of [await me(), await explore()]) {
      expect(answer.status).toBe(503);
      expect(answer.headers["retry-after"]).toBe("5");
      expect(answer.text).toContain("database unavailable, try again shortly");
    }
    const login = await rawRequest(`${server.url}/auth/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "whatever" }),
    });
    expect(login.status).toBe(503);
  } finally {
    postgres.resume();
  }

  expect(await health()).toEqual({ status: 200, body: { status: "ok" } });
  expect((await me()).status).toBe(200);
  expect((await explore()).status).toBe(200);
  // Nothing but the server's own JSON log lines: no driver's words in between.
  expect(printed).not.toHaveBeenCalled();
  printed.mockRestore();
});
