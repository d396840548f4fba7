import { startPostgresWithDatabase, type ThrowawayPostgres } from "@pyroscope-auth/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectTrpcError } from "./testing/expect-trpc-error.js";
import { rawRequest } from "./testing/http-client.js";
import { type RecordingUpstream, startRecordingUpstream } from "./testing/recording-upstream.js";
import { adminPassword, startTestServer, type TestServer } from "./testing/test-server.js";

// Three servers on one PostgreSQL database, as replicas behind a load balancer: everything
// that must be shared lives in the database, and the one in-memory cache (validated API keys)
// forgets within auth.ingestion.cache-ttl.

let postgres: ThrowawayPostgres;
let upstream: RecordingUpstream;
let replicas: TestServer[] = [];
const cacheTtlMs = 1000;

const replica = (index: number): TestServer => {
  const server = replicas[index];
  if (!server) throw new Error(`no replica ${index}`);
  return server;
};

beforeAll(async () => {
  const started = await startPostgresWithDatabase();
  postgres = started.server;
  const { url } = started;
  upstream = await startRecordingUpstream();
  const flags = [
    `--database.url=${url}`,
    `--gateway.upstream-url=${upstream.url}`,
    "--auth.ingestion.enabled",
    `--auth.ingestion.cache-ttl=${cacheTtlMs}ms`,
  ];
  // Started together on the empty database: one of them migrates and makes the admin.
  replicas = await Promise.all([0, 1, 2].map(() => startTestServer({ flags })));
});
afterAll(async () => {
  for (const server of replicas) await server.close();
  await upstream?.close();
  postgres?.stop();
});

describe("three replicas on one PostgreSQL", () => {
  it("started together, make one admin and agree on one JWT secret", async () => {
    const admin = await replica(0).admin();
    const users = await admin.trpc.admin.users.list.query();
    expect(users.map((user) => user.name)).toEqual(["admin"]);
    // A session opened on one replica is good on the others: the same secret signed it.
    for (const index of [1, 2]) {
      const there = replica(index).client();
      there.jar.session = admin.jar.session;
      await expect(there.trpc.user.me.query()).resolves.toMatchObject({ name: "admin" });
    }
  });

  it("end a session everywhere once it ends on one: logout, disabling, a new password", async () => {
    const admin = await replica(2).signedIn("admin", adminPassword);
    const created = await admin.trpc.admin.users.create.mutate({
      name: "bob",
      password: "bobs-long-passphrase",
      role: "ReadOnly",
    });
    const onA = async () => {
      const bob = await replica(0).signedIn("bob", "bobs-long-passphrase");
      const onB = replica(1).client();
      onB.jar.session = bob.jar.session;
      await expect(onB.trpc.user.me.query()).resolves.toMatchObject({ name: "bob" });
      return { bob, onB };
    };

    const first = await onA();
    const onC = replica(2).client();
    onC.jar.session = first.bob.jar.session;
    await onC.trpc.auth.logout.mutate();
    await expectTrpcError(first.bob.trpc.user.me.query(), "UNAUTHORIZED");
    await expectTrpcError(first.onB.trpc.user.me.query(), "UNAUTHORIZED");

    const second = await onA();
    await admin.trpc.admin.users.setDisabled.mutate({ id: created.id, disabled: true });
    await expectTrpcError(second.bob.trpc.user.me.query(), "UNAUTHORIZED");
    await expectTrpcError(second.onB.trpc.user.me.query(), "UNAUTHORIZED");
    await admin.trpc.admin.users.setDisabled.mutate({ id: created.id, disabled: false });

    const third = await onA();
    await admin.trpc.admin.users.setPassword.mutate({
      id: created.id,
      password: "a-new-passphrase-for-bob",
    });
    await expectTrpcError(third.bob.trpc.user.me.query(), "UNAUTHORIZED");
    await expectTrpcError(third.onB.trpc.user.me.query(), "UNAUTHORIZED");
  });

  it("count failed sign-ins on every replica: five spread over two, and the sixth waits", async () => {
    const admin = await replica(0).signedIn("admin", adminPassword);
    await admin.trpc.admin.users.create.mutate({
      name: "carol",
      password: "carols-long-passphrase",
      role: "ReadOnly",
    });
    for (let attempt = 0; attempt < 5; attempt++) {
      const client = replica(attempt % 2).client();
      await expectTrpcError(
        client.trpc.auth.login.mutate({ username: "carol", password: "wrong-guess" }),
        "UNAUTHORIZED",
      );
    }
    await expectTrpcError(
      replica(2).client().trpc.auth.login.mutate({ username: "carol", password: "wrong-guess" }),
      "TOO_MANY_REQUESTS",
    );
  });

  it("stop a key deleted on one replica on the others within cache-ttl", async () => {
    const admin = await replica(0).signedIn("admin", adminPassword);
    const created = await admin.trpc.admin.apiKeys.create.mutate({ name: "agent", role: "Agent" });
    const ingest = (index: number) =>
      rawRequest(`${replica(index).url}/ingest?name=app.cpu&from=1&until=2`, {
        method: "POST",
        headers: { "content-type": "text/plain", authorization: `Bearer ${created.key}` },
        body: "main;work 1",
      });
    expect((await ingest(1)).status).toBe(200);
    const elsewhere = await replica(2).signedIn("admin", adminPassword);
    await elsewhere.trpc.admin.apiKeys.delete.mutate({ id: created.apiKey.id });
    const deletedAt = Date.now();
    // Replica 1 validated the key a moment ago: its cache may answer for it until cache-ttl
    // has passed, never much longer.
    let status = 200;
    while (status === 200 && Date.now() - deletedAt < cacheTtlMs * 3)
      status = (await ingest(1)).status;
    expect(status).toBe(401);
    // A replica that never cached it refuses it at once.
    expect((await ingest(2)).status).toBe(401);
  });
});
