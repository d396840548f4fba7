import { join } from "node:path";
import {
  capDatabaseSize,
  createTestClock,
  mountSmallDisk,
  type SmallDisk,
} from "@pyroscope-auth/db/testing";
import { createTRPCClient, httpLink } from "@trpc/client";
import { afterEach, expect, it } from "vitest";
import type { AppRouter } from "../routers/app-router.js";
import { expectTrpcError } from "../testing/expect-trpc-error.js";
import { rawRequest } from "../testing/http-client.js";
import { createLogSink } from "../testing/log-sink.js";
import { startTestServer, type TestClient, type TestServer } from "../testing/test-server.js";
import { storageFullWindowMs } from "./storage-full-watch.js";

const running: TestServer[] = [];
async function start(options: Parameters<typeof startTestServer>[0]) {
  const server = await startTestServer(options);
  running.push(server);
  return server;
}
let disk: SmallDisk | undefined;
const createReader = (client: TestClient, name: string) =>
  client.trpc.admin.users.create.mutate({ name, password: "reader-passphrase", role: "ReadOnly" });
afterEach(async () => {
  const mounted = disk;
  disk = undefined;
  const closed = await Promise.allSettled(running.splice(0).map((server) => server.close()));
  mounted?.unmount();
  for (const outcome of closed) if (outcome.status === "rejected") throw outcome.reason;
});

it("a full database: writes answer 503 and change nothing, reads go on, the log names the file once a minute, /healthz says so", async () => {
  const { stream: log, lines } = createLogSink();
  const clock = createTestClock(new Date());
  const server = await start({ now: clock.now, log });
  const admin = await server.admin();
  const create = (name: string) => createReader(admin, name);
  const health = async () => {
    const answer = await rawRequest(`${server.url}/healthz`);
    return { status: answer.status, body: answer.json() };
  };
  const userNames = async () => (await admin.trpc.admin.users.list.query()).map((u) => u.name);

  const lift = await capDatabaseSize(server.services.deps.database.fork());
  // The cap leaves the free room of the pages on file: the first few accounts still fit.
  let refusedName: string | undefined;
  for (let index = 0; index < 300 && !refusedName; index += 1) {
    const name = `reader-${index}`;
    const error = await create(name).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (error) refusedName = name;
  }
  if (!refusedName) throw new Error("the capped database never refused a write");
  const full = await expectTrpcError(
    create(refusedName),
    "SERVICE_UNAVAILABLE",
    "server storage is full, try again later",
  );
  expect(full.data?.httpStatus).toBe(503);
  expect(await userNames()).not.toContain(refusedName);
  expect(await health()).toEqual({ status: 503, body: { status: "storage full" } });

  const location = server.services.deps.database.where;
  const fullLines = () => lines.filter((line) => line.includes(`the database at ${location}`));
  expect(fullLines()).toHaveLength(1);
  expect(fullLines()[0]).toContain("is full: requests that write");
  expect(fullLines()[0]).toContain('"code":"SQLITE_FULL"');
  expect(lines.join("\n")).not.toContain("procedure failed");
  const refusedLines = lines.filter(
    (line) => line.includes('"status":503') && line.includes("admin.users.create"),
  );
  expect(refusedLines).toHaveLength(2);

  // Still full half a minute on, and a minute on: one more line, counting the refusals since
  // the first (this one too).
  for (const _ of [1, 2]) {
    clock.advance(storageFullWindowMs / 2);
    await expectTrpcError(create(refusedName), "SERVICE_UNAVAILABLE");
  }
  expect(fullLines()).toHaveLength(2);
  expect(fullLines()[1]).toContain("is still full (writes refused since the last report: 3)");

  // One more refusal within the minute, then none for two: the next spell's first line counts it.
  clock.advance(storageFullWindowMs / 2);
  const lastOfSpell = clock.now().toISOString();
  await expectTrpcError(create(refusedName), "SERVICE_UNAVAILABLE");
  expect(fullLines()).toHaveLength(2);
  clock.advance(2 * storageFullWindowMs);
  await expectTrpcError(create(refusedName), "SERVICE_UNAVAILABLE");
  expect(fullLines()).toHaveLength(3);
  expect(fullLines()[2]).toContain(
    `is full: requests that write (sign-ins included) are refused with 503 until space is freed on its disk (1 more refused after the last report, the last at ${lastOfSpell})`,
  );

  // Space freed: the same write goes through; /healthz clears a minute after the last refusal.
  await lift();
  await create(refusedName);
  expect(await userNames()).toContain(refusedName);
  expect((await health()).status).toBe(503);
  clock.advance(storageFullWindowMs);
  expect(await health()).toEqual({ status: 200, body: { status: "ok" } });
});

it("on a real full disk, a signed-in user and an API key still read (their last use is not recorded) and writes answer 503", async (context) => {
  disk = mountSmallDisk({ bytes: 4 * 1024 * 1024 });
  if (!disk) return context.skip("mounting a small file system needs root");
  const clock = createTestClock(new Date());
  const server = await start({ now: clock.now, storagePath: join(disk.path, "data") });
  const admin = await server.admin();
  const { key } = await admin.trpc.admin.apiKeys.create.mutate({ name: "agent", role: "Agent" });
  const agent = createTRPCClient<AppRouter>({
    links: [
      httpLink({ url: `${server.url}/auth/trpc`, headers: { authorization: `Bearer ${key}` } }),
    ],
  });
  disk.fill();
  // Past the minute after which a request records its session's or key's last use.
  clock.advance(2 * 60_000);
  expect((await admin.trpc.user.me.query()).name).toBe("admin");
  expect((await agent.user.me.query()).name).toBe("agent");
  // Neither use was recorded (the disk had no room), and nothing else broke.
  const [session] = await admin.trpc.user.sessions.list.query();
  expect(Date.parse(session?.lastSeenAt ?? "")).toBeLessThan(clock.now().getTime() - 60_000);
  const [apiKey] = await admin.trpc.admin.apiKeys.list.query();
  expect(apiKey?.lastSeenAt).toBeNull();
  await expectTrpcError(
    createReader(admin, "reader"),
    "SERVICE_UNAVAILABLE",
    "server storage is full, try again later",
  );
  expect((await rawRequest(`${server.url}/healthz`)).json()).toEqual({ status: "storage full" });
});
