import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiKey } from "../entities/api-key.entity.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { createApiKey, deleteApiKey, listApiKeys, validateApiKey } from "./api-keys.js";

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
