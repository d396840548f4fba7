import type { ServerProcess } from "@pyroscope-auth/api/testing";
import { type RecordingUpstream, startRecordingUpstream } from "@pyroscope-auth/api/testing";
import { startPostgresWithDatabase, type ThrowawayPostgres } from "@pyroscope-auth/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ReverseProxy, startReverseProxy } from "./reverse-proxies.js";
import { startServer } from "./server.js";

// deploy/nginx/pyroscope-auth-replicas.conf, run by Debian's nginx, balancing two replicas of
// the gateway on one PostgreSQL database: a replica going down costs nobody their session.

const password = "a-strong-initial-passphrase";
let postgres: ThrowawayPostgres;
let upstream: RecordingUpstream;
let replicas: ServerProcess[] = [];
let proxy: ReverseProxy;

const hostOf = (url: string) => new URL(url).host;

beforeAll(async () => {
  const started = await startPostgresWithDatabase();
  postgres = started.server;
  const { url } = started;
  upstream = await startRecordingUpstream();
  const flags = [
    `--database.url=${url}`,
    `--gateway.upstream-url=${upstream.url}`,
    "--auth.trusted-proxies=127.0.0.1",
    `--auth.internal.admin.password=${password}`,
  ];
  replicas = await Promise.all([0, 1].map(() => startServer(flags)));
  const [first, second] = replicas.map((replica) => hostOf(replica.url));
  if (!first || !second) throw new Error("no replicas");
  proxy = await startReverseProxy("nginx-replicas", {
    auth: first,
    secondAuth: second,
    upstream: hostOf(upstream.url),
  });
});
afterAll(async () => {
  await proxy?.stop();
  for (const replica of replicas) await replica.stop();
  await upstream?.close();
  postgres?.stop();
});

it("keeps a session through nginx when the replica that opened it goes down", async () => {
  const login = await fetch(`${proxy.url}/auth/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const explore = () =>
    fetch(`${proxy.url}/explore`, { headers: { cookie, accept: "text/html" }, redirect: "manual" });
  // Round robin: both replicas answer for the session, whichever opened it.
  const before = upstream.requests.length;
  for (let request = 0; request < 4; request++) expect((await explore()).status).toBe(200);
  expect(upstream.requests.length - before).toBe(4);

  // The replica that signed the admin in (its log has the request) goes down.
  const signer = replicas.find((replica) => replica.output().includes("auth.login"));
  expect(signer).toBeDefined();
  await signer?.stop("SIGKILL");
  for (let request = 0; request < 4; request++) expect((await explore()).status).toBe(200);
  // Nobody else gets through either replica.
  const anonymous = await fetch(`${proxy.url}/explore`, {
    headers: { accept: "text/html" },
    redirect: "manual",
  });
  expect(anonymous.status).toBe(302);
  expect(anonymous.headers.get("location")).toBe("/auth/login?rd=%2Fexplore");
});
