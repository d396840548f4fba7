import { createTRPCClient, httpLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectTrpcError } from "../../testing/expect-trpc-error.js";
import { startTestServer, type TestClient, type TestServer } from "../../testing/test-server.js";
import type { AppRouter } from "../app-router.js";

let server: TestServer;
let admin: TestClient;
let readOnly: TestClient;
let agentKey: ReturnType<typeof createTRPCClient<AppRouter>>;
let adminKey: ReturnType<typeof createTRPCClient<AppRouter>>;

function keyClient(key: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({ url: `${server.url}/auth/trpc`, headers: { authorization: `Bearer ${key}` } }),
    ],
  });
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.admin();
  await admin.trpc.admin.users.create.mutate({
    name: "reader",
    password: "reader-passphrase",
    role: "ReadOnly",
  });
  readOnly = await server.signedIn("reader", "reader-passphrase");
  agentKey = keyClient(
    (await admin.trpc.admin.apiKeys.create.mutate({ name: "agent", role: "Agent" })).key,
  );
  adminKey = keyClient(
    (await admin.trpc.admin.apiKeys.create.mutate({ name: "robot", role: "Admin" })).key,
  );
});
afterAll(async () => {
  await server.close();
});

describe("who may call admin procedures", () => {
  const calls = {
    "users.list": (c: TestClient["trpc"]) => c.admin.users.list.query(),
    "users.get": (c: TestClient["trpc"]) => c.admin.users.get.query({ id: 1 }),
    "users.create": (c: TestClient["trpc"]) =>
      c.admin.users.create.mutate({ name: "x", password: "x-passphrase-1", role: "ReadOnly" }),
    "users.update": (c: TestClient["trpc"]) =>
      c.admin.users.update.mutate({ id: 2, fullName: "x" }),
    "users.setRole": (c: TestClient["trpc"]) =>
      c.admin.users.setRole.mutate({ id: 2, role: "Admin" }),
    "users.setDisabled": (c: TestClient["trpc"]) =>
      c.admin.users.setDisabled.mutate({ id: 2, disabled: true }),
    "users.setPassword": (c: TestClient["trpc"]) =>
      c.admin.users.setPassword.mutate({ id: 2, password: "whatever-pass" }),
    "users.delete": (c: TestClient["trpc"]) => c.admin.users.delete.mutate({ id: 2 }),
    "users.resetSecondFactor": (c: TestClient["trpc"]) =>
      c.admin.users.resetSecondFactor.mutate({ id: 2 }),
    "users.sessions.list": (c: TestClient["trpc"]) => c.admin.users.sessions.list.query({ id: 2 }),
    "users.sessions.revoke": (c: TestClient["trpc"]) =>
      c.admin.users.sessions.revoke.mutate({ id: 2, sessionId: "0".repeat(64) }),
    "users.sessions.revokeAll": (c: TestClient["trpc"]) =>
      c.admin.users.sessions.revokeAll.mutate({ id: 2 }),
    "apiKeys.list": (c: TestClient["trpc"]) => c.admin.apiKeys.list.query(),
    "apiKeys.create": (c: TestClient["trpc"]) =>
      c.admin.apiKeys.create.mutate({ name: "k", role: "Agent" }),
    "apiKeys.delete": (c: TestClient["trpc"]) => c.admin.apiKeys.delete.mutate({ id: 1 }),
  };

  it.each(Object.entries(calls))(
    "admin.%s: anonymous → UNAUTHORIZED, ReadOnly and Agent key → FORBIDDEN",
    async (_, call) => {
      await expectTrpcError(call(server.client().trpc), "UNAUTHORIZED", "authentication required");
      await expectTrpcError(call(readOnly.trpc), "FORBIDDEN", "permission denied");
      await expectTrpcError(call(agentKey), "FORBIDDEN", "permission denied");
    },
  );

  it("shows an API key's user.me as an api-key, with an id no person has", async () => {
    const asKey = await adminKey.user.me.query();
    expect(asKey).toMatchObject({
      kind: "api-key",
      name: "robot",
      role: "Admin",
      isExternal: true,
    });
    expect(asKey.id).toBeLessThan(0);
    const person = await admin.trpc.user.me.query();
    expect(person).toMatchObject({ kind: "user", id: 1, name: "admin" });
    const ids = (await admin.trpc.admin.users.list.query()).map((user) => user.id);
    expect(ids).not.toContain(asKey.id);
  });

  it("admin.users.list works for an Admin session and an Admin API key", async () => {
    expect((await admin.trpc.admin.users.list.query()).map((user) => user.name)).toEqual([
      "admin",
      "reader",
    ]);
    expect((await adminKey.admin.users.list.query()).length).toBe(2);
  });
});

describe("managing users", () => {
  it("creates, reads, updates and deletes a user", async () => {
    const created = await admin.trpc.admin.users.create.mutate({
      name: "carol",
      email: "carol@example.com",
      fullName: "Carol",
      password: "carols-passphrase",
      role: "agent",
    });
    expect(created).toMatchObject({ name: "carol", role: "Agent", isDisabled: false });
    expect(Object.keys(created)).not.toContain("passwordHash");
    expect(await admin.trpc.admin.users.get.query({ id: created.id })).toEqual({
      ...created,
      hasSecondFactor: false,
    });
    const updated = await admin.trpc.admin.users.update.mutate({
      id: created.id,
      fullName: "Carol C.",
      email: null,
    });
    expect(updated).toMatchObject({ fullName: "Carol C.", email: null });
    await admin.trpc.admin.users.delete.mutate({ id: created.id });
    await expectTrpcError(
      admin.trpc.admin.users.get.query({ id: created.id }),
      "NOT_FOUND",
      "user not found",
    );
  });

  it("refuses bad input with every message, and conflicts with CONFLICT", async () => {
    await expectTrpcError(
      admin.trpc.admin.users.create.mutate({ name: "", email: "bad", password: "", role: "Owner" }),
      "BAD_REQUEST",
      "user name can't be empty",
      "user email is invalid",
      "user password can't be empty",
      "unknown role",
    );
    await expectTrpcError(
      admin.trpc.admin.users.create.mutate({
        name: "reader",
        password: "another-passphrase",
        role: "ReadOnly",
      }),
      "CONFLICT",
      "user with this name already exists",
    );
    await expectTrpcError(admin.trpc.admin.users.get.query({ id: -1 }), "BAD_REQUEST");
  });

  it("protects the admin's own account and the last enabled Admin", async () => {
    await expectTrpcError(
      admin.trpc.admin.users.setRole.mutate({ id: 1, role: "ReadOnly" }),
      "FORBIDDEN",
      "permission denied",
    );
    await expectTrpcError(
      admin.trpc.admin.users.setDisabled.mutate({ id: 1, disabled: true }),
      "FORBIDDEN",
      "permission denied",
    );
    await expectTrpcError(
      admin.trpc.admin.users.delete.mutate({ id: 1 }),
      "FORBIDDEN",
      "permission denied",
    );
    await expectTrpcError(
      admin.trpc.admin.users.setPassword.mutate({ id: 1, password: "new-passphrase-1" }),
      "FORBIDDEN",
      "permission denied",
    );
    // The Admin API key is not the user, so only the last-Admin rule stops it.
    await expectTrpcError(
      adminKey.admin.users.setRole.mutate({ id: 1, role: "ReadOnly" }),
      "FORBIDDEN",
      "the last enabled admin can't be removed, disabled or demoted",
    );
  });

  it("ends an open session at once when its user is demoted, disabled, given a new password or deleted", async () => {
    const dave = await admin.trpc.admin.users.create.mutate({
      name: "dave",
      password: "daves-passphrase",
      role: "Admin",
    });
    const asDave = await server.signedIn("dave", "daves-passphrase");
    await expect(asDave.trpc.admin.users.list.query()).resolves.toBeTruthy();
    await admin.trpc.admin.users.setRole.mutate({ id: dave.id, role: "ReadOnly" });
    await expectTrpcError(asDave.trpc.admin.users.list.query(), "UNAUTHORIZED");

    const again = await server.signedIn("dave", "daves-passphrase");
    await expectTrpcError(again.trpc.admin.users.list.query(), "FORBIDDEN");
    await admin.trpc.admin.users.setDisabled.mutate({ id: dave.id, disabled: true });
    await expectTrpcError(again.trpc.user.me.query(), "UNAUTHORIZED");
    await expectTrpcError(
      server.signedIn("dave", "daves-passphrase"),
      "FORBIDDEN",
      "user disabled",
    );

    await admin.trpc.admin.users.setDisabled.mutate({ id: dave.id, disabled: false });
    const third = await server.signedIn("dave", "daves-passphrase");
    await admin.trpc.admin.users.setPassword.mutate({
      id: dave.id,
      password: "daves-new-passphrase",
    });
    await expectTrpcError(third.trpc.user.me.query(), "UNAUTHORIZED");
    const fourth = await server.signedIn("dave", "daves-new-passphrase");
    await admin.trpc.admin.users.delete.mutate({ id: dave.id });
    await expectTrpcError(fourth.trpc.user.me.query(), "UNAUTHORIZED");
  });
});

describe("API keys", () => {
  it("shows the key once, lists it without secret, authenticates with it, and stops it on delete", async () => {
    const { apiKey, key } = await admin.trpc.admin.apiKeys.create.mutate({
      name: "ingest",
      role: "ReadOnly",
      ttlSeconds: 3600,
    });
    expect(key).toMatch(/^psx-/);
    const listed = await admin.trpc.admin.apiKeys.list.query();
    expect(JSON.stringify(listed)).not.toContain(key.slice(4));
    expect(listed.find((each) => each.id === apiKey.id)).toMatchObject({
      name: "ingest",
      role: "ReadOnly",
    });
    expect(await keyClient(key).user.me.query()).toMatchObject({
      name: "ingest",
      role: "ReadOnly",
      isExternal: true,
    });
    await admin.trpc.admin.apiKeys.delete.mutate({ id: apiKey.id });
    await expectTrpcError(keyClient(key).user.me.query(), "UNAUTHORIZED", "invalid api key");
    await expectTrpcError(
      admin.trpc.admin.apiKeys.delete.mutate({ id: apiKey.id }),
      "NOT_FOUND",
      "api key not found",
    );
    await expectTrpcError(
      admin.trpc.admin.apiKeys.delete.mutate({ id: "abc" as never }),
      "BAD_REQUEST",
      "api key not found",
    );
  });

  it("refuses a duplicate name and bad input", async () => {
    await expectTrpcError(
      admin.trpc.admin.apiKeys.create.mutate({ name: "agent", role: "Agent" }),
      "CONFLICT",
      "api key with this name already exists",
    );
    await expectTrpcError(
      admin.trpc.admin.apiKeys.create.mutate({ name: "", role: "nope" }),
      "BAD_REQUEST",
      "api key name can't be empty",
      "unknown role",
    );
  });

  it("lets no key outlive or outrank its maker (DESIGN.md rule 11)", async () => {
    const parent = await admin.trpc.admin.apiKeys.create.mutate({
      name: "short-lived",
      role: "Admin",
      ttlSeconds: 3600,
    });
    const minted = await keyClient(parent.key).admin.apiKeys.create.mutate({
      name: "minted",
      role: "Admin",
    });
    expect(minted.apiKey).toMatchObject({
      createdBy: "api-key:short-lived",
      expiresAt: parent.apiKey.expiresAt,
    });
    const listed = await admin.trpc.admin.apiKeys.list.query();
    expect(listed.find((each) => each.name === "short-lived")?.createdBy).toBe("admin");
    const robot = keyClient(minted.key);
    await expectTrpcError(
      robot.admin.users.setPassword.mutate({ id: 1, password: "taken-over-passphrase" }),
      "FORBIDDEN",
      "an API key cannot set a password, reset a second factor, rename a user or make an Admin: a person must",
    );
    await expectTrpcError(
      robot.admin.users.create.mutate({
        name: "mallory",
        password: "mallory-passphrase",
        role: "Admin",
      }),
      "FORBIDDEN",
      "an API key cannot set a password, reset a second factor, rename a user or make an Admin: a person must",
    );
    await admin.trpc.admin.apiKeys.delete.mutate({ id: parent.apiKey.id });
    await expectTrpcError(robot.user.me.query(), "UNAUTHORIZED", "invalid api key");
    expect((await admin.trpc.admin.users.list.query()).map((user) => user.name)).not.toContain(
      "mallory",
    );
  });

  it("cannot use an API key for account procedures", async () => {
    await expectTrpcError(agentKey.user.sessions.list.query(), "FORBIDDEN", "permission denied");
    await expectTrpcError(
      agentKey.user.update.mutate({ fullName: "x" }),
      "FORBIDDEN",
      "permission denied",
    );
  });
});

describe("admin.users.sessions", () => {
  it("lists a user's sessions and ends one, then all: each browser is signed out at its next request", async () => {
    const { id } = await admin.trpc.admin.users.create.mutate({
      name: "watched",
      password: "watched-passphrase",
      role: "ReadOnly",
    });
    const laptop = await server.signedIn("watched", "watched-passphrase");
    const phone = await server.signedIn("watched", "watched-passphrase");
    const listed = await admin.trpc.admin.users.sessions.list.query({ id });
    expect(listed).toHaveLength(2);
    expect(listed.every((session) => !session.current)).toBe(true);

    const [newest] = listed;
    await admin.trpc.admin.users.sessions.revoke.mutate({ id, sessionId: newest?.id ?? "" });
    await expectTrpcError(phone.trpc.user.me.query(), "UNAUTHORIZED");
    await expect(laptop.trpc.user.me.query()).resolves.toMatchObject({ name: "watched" });

    await expectTrpcError(
      admin.trpc.admin.users.sessions.revoke.mutate({ id, sessionId: "not-a-session" }),
      "BAD_REQUEST",
      "session not found",
    );
    expect(await admin.trpc.admin.users.sessions.revokeAll.mutate({ id })).toEqual({ revoked: 1 });
    await expectTrpcError(laptop.trpc.user.me.query(), "UNAUTHORIZED");
    expect(await admin.trpc.admin.users.sessions.list.query({ id })).toEqual([]);
    // The account stays: only its sessions ended.
    await expect(server.signedIn("watched", "watched-passphrase")).resolves.toBeDefined();
  });

  it("marks the admin's own session as current, and answers user not found for no user", async () => {
    const own = await admin.trpc.admin.users.sessions.list.query({ id: 1 });
    expect(own.filter((session) => session.current)).toHaveLength(1);
    await expectTrpcError(
      admin.trpc.admin.users.sessions.list.query({ id: 9999 }),
      "NOT_FOUND",
      "user not found",
    );
  });
});
