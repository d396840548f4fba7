import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiKey } from "../entities/api-key.entity.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { createApiKey, deleteApiKey, listApiKeys, validateApiKey } from "./api-keys.js";
import {
  createUser,
  deleteUser,
  setUserDisabled,
  setUserPassword,
  setUserRole,
  updateUser,
} from "./users.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(async () => {
  await db.close();
});

describe("api keys", () => {
  it("returns the full key once and stores only a digest of its secret", async () => {
    const { apiKey, key } = await createApiKey(db.ctx(), { name: "ingest", role: "agent" });
    expect(key).toMatch(/^psx-[A-Za-z0-9_-]{40,}$/);
    expect(apiKey).toMatchObject({ name: "ingest", role: "Agent", expiresAt: null });
    expect(JSON.stringify(apiKey)).not.toContain(key.slice(4, 20));
    const stored = await db.orm.em.fork().findOneOrFail(ApiKey, { name: "ingest" });
    expect(stored.secretDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await listApiKeys(db.ctx()))).not.toContain(stored.secretDigest);
  });

  it("validates a key, and refuses a tampered, unknown or deleted one the same way", async () => {
    const { key } = await createApiKey(db.ctx(), { name: "ingest", role: "Agent" });
    expect((await validateApiKey(db.orm.em.fork(), db.deps, key)).role).toBe("Agent");
    const tampered = `${key.slice(0, -2)}${key.at(-2) === "A" ? "B" : "A"}${key.slice(-1)}`;
    for (const bad of [tampered, "psx-nope", "Bearer", `${key}x`]) {
      await expect(validateApiKey(db.orm.em.fork(), db.deps, bad)).rejects.toMatchObject({
        code: "API_KEY_INVALID",
      });
    }
    await deleteApiKey(db.ctx(), { name: "ingest" });
    await expect(validateApiKey(db.orm.em.fork(), db.deps, key)).rejects.toMatchObject({
      code: "API_KEY_INVALID",
    });
  });

  it("expires after its ttl", async () => {
    const { key, apiKey } = await createApiKey(db.ctx(), {
      name: "short",
      role: "ReadOnly",
      ttlSeconds: 60,
    });
    expect(apiKey.expiresAt).toBe(new Date(db.clock.now().getTime() + 60_000).toISOString());
    db.clock.advance(59_000);
    await expect(validateApiKey(db.orm.em.fork(), db.deps, key)).resolves.toBeTruthy();
    db.clock.advance(1000);
    await expect(validateApiKey(db.orm.em.fork(), db.deps, key)).rejects.toMatchObject({
      code: "API_KEY_INVALID",
    });
  });

  it("records when it was last used, at most once a minute", async () => {
    const { key } = await createApiKey(db.ctx(), { name: "ingest", role: "Agent" });
    await validateApiKey(db.orm.em.fork(), db.deps, key);
    const first = (await listApiKeys(db.ctx()))[0]?.lastSeenAt;
    expect(first).toBe(db.clock.now().toISOString());
    db.clock.advance(10_000);
    await validateApiKey(db.orm.em.fork(), db.deps, key);
    expect((await listApiKeys(db.ctx()))[0]?.lastSeenAt).toBe(first);
  });

  it("refuses a taken name, bad input, and deleting an unknown key", async () => {
    await createApiKey(db.ctx(), { name: "ingest", role: "Agent" });
    await expect(createApiKey(db.ctx(), { name: "ingest", role: "Agent" })).rejects.toThrow(
      "api key with this name already exists",
    );
    await expect(createApiKey(db.ctx(), { name: "", role: "x" })).rejects.toMatchObject({
      messages: ["api key name can't be empty", "unknown role"],
    });
    await expect(deleteApiKey(db.ctx(), { id: 999 })).rejects.toThrow("api key not found");
    expect(await listApiKeys(db.ctx())).toHaveLength(1);
  });
});

describe("an API key's line (DESIGN.md rule 11)", () => {
  async function adminUser(name: string) {
    return createUser(db.ctx(), { name, password: `${name}-passphrase-1`, role: "Admin" });
  }
  const asUser = (user: { id: number; name: string }) =>
    db.ctx({ kind: "user", id: user.id, name: user.name, role: "Admin" });
  const asKey = (key: { id: number; name: string }) =>
    db.ctx({ kind: "api-key", id: key.id, name: key.name, role: "Admin" });
  const works = (key: string) =>
    validateApiKey(db.orm.em.fork(), db.deps, key).then(
      () => true,
      () => false,
    );

  it("records the longest name a key may have as the maker of another", async () => {
    const parent = await createApiKey(db.ctx(), { name: "k".repeat(255), role: "Admin" });
    const child = await createApiKey(asKey(parent.apiKey), { name: "child", role: "Agent" });
    expect(child.apiKey.createdBy).toBe(`api-key:${"k".repeat(255)}`);
  });

  it("records who made a key, and a key made by a key expires no later than its maker", async () => {
    const alice = await adminUser("alice");
    const parent = await createApiKey(asUser(alice), {
      name: "parent",
      role: "Admin",
      ttlSeconds: 3600,
    });
    const child = await createApiKey(asKey(parent.apiKey), { name: "child", role: "Admin" });
    const longer = await createApiKey(asKey(parent.apiKey), {
      name: "longer",
      role: "Agent",
      ttlSeconds: 86_400,
    });
    const byCli = await createApiKey(db.ctx(), { name: "by-cli", role: "Agent" });
    expect(parent.apiKey.createdBy).toBe("alice");
    expect(child.apiKey.createdBy).toBe("api-key:parent");
    expect(byCli.apiKey.createdBy).toBe("cli");
    expect(child.apiKey.expiresAt).toBe(parent.apiKey.expiresAt);
    expect(longer.apiKey.expiresAt).toBe(parent.apiKey.expiresAt);
    expect((await listApiKeys(db.ctx())).map((key) => key.createdBy)).toEqual([
      "alice",
      "api-key:parent",
      "api-key:parent",
      "cli",
    ]);
    db.clock.advance(3_600_000);
    expect(await works(child.key)).toBe(false);
  });

  it("ends a key with the key that made it, and with the person at the root of its line", async () => {
    const alice = await adminUser("alice");
    const bob = await adminUser("bob");
    const parent = await createApiKey(asUser(alice), { name: "parent", role: "Admin" });
    const child = await createApiKey(asKey(parent.apiKey), { name: "child", role: "Agent" });
    const bobs = await createApiKey(asUser(bob), { name: "bobs", role: "Agent" });
    const byCli = await createApiKey(db.ctx(), { name: "by-cli", role: "Agent" });
    await deleteApiKey(db.ctx(), { name: "parent" });
    expect(await works(child.key)).toBe(false);
    expect(await listApiKeys(db.ctx())).toHaveLength(2);

    expect(await works(bobs.key)).toBe(true);
    await setUserDisabled(db.ctx(), bob.id, true);
    expect(await works(bobs.key)).toBe(false);
    await setUserDisabled(db.ctx(), bob.id, false);
    expect(await works(bobs.key)).toBe(true);
    // An owner no longer an Admin: the key would outrank them.
    await setUserRole(db.ctx(), bob.id, "ReadOnly");
    expect(await works(bobs.key)).toBe(false);
    await deleteUser(db.ctx(), bob.id);
    expect((await listApiKeys(db.ctx())).map((key) => key.name)).toEqual(["by-cli"]);
    expect(await works(byCli.key)).toBe(true);
  });

  it("lets a key neither set a person's password nor make an Admin: a person must", async () => {
    const alice = await adminUser("alice");
    const { apiKey } = await createApiKey(asUser(alice), { name: "robot", role: "Admin" });
    const robot = asKey(apiKey);
    await expect(setUserPassword(robot, 1, "a-new-passphrase-1")).rejects.toMatchObject({
      code: "PERSON_REQUIRED",
    });
    await expect(
      createUser(robot, { name: "mallory", password: "mallory-passphrase-1", role: "Admin" }),
    ).rejects.toMatchObject({ code: "PERSON_REQUIRED" });
    const reader = await createUser(robot, {
      name: "reader",
      password: "reader-passphrase-1",
      role: "ReadOnly",
    });
    await expect(setUserRole(robot, reader.id, "Admin")).rejects.toMatchObject({
      code: "PERSON_REQUIRED",
    });
    await expect(setUserRole(robot, reader.id, "Agent")).resolves.toMatchObject({ role: "Agent" });
    // Nor take a person's name for an account of its own making.
    await expect(updateUser(robot, alice.id, { name: "alice-old" })).rejects.toMatchObject({
      code: "PERSON_REQUIRED",
    });
    await expect(updateUser(robot, alice.id, { fullName: "Alice" })).resolves.toMatchObject({
      fullName: "Alice",
    });
  });
});
