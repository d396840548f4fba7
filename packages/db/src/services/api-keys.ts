import type { EntityManager } from "@mikro-orm/core";
import {
  AuthError,
  apiKeyCreateInputSchema,
  digestsEqual,
  generateApiKey,
  parseApiKey,
  parseInput,
} from "@pyroscope-auth/auth-core";
import { type ApiKeyDto, toApiKeyDto } from "../dto.js";
import { ApiKey } from "../entities/api-key.entity.js";
import { User } from "../entities/user.entity.js";
import { actorLabel, type ServiceContext, type ServiceDeps } from "../service-deps.js";
import { unlessStorageFull } from "./activity-write.js";
import { recordAudit } from "./audit.js";
import { touchIntervalMs } from "./sessions.js";
import { inTransaction } from "./transaction.js";

export interface NewApiKey {
  readonly apiKey: ApiKeyDto;
  /** The full `psx-…` key: shown once, never stored. */
  readonly key: string;
}

/** Who is making a key, as the new key records it (see the ApiKey entity). */
interface Lineage {
  readonly createdBy: string;
  readonly ownerUserId: number | null;
  readonly parentKeyId: number | null;
  /** The latest the new key may expire: its maker's own expiry, if it has one. */
  readonly latestExpiry: Date | null;
}

async function lineageOf(ctx: ServiceContext, em: EntityManager): Promise<Lineage> {
  const { actor } = ctx;
  if (actor.kind === "user")
    return { createdBy: actor.name, ownerUserId: actor.id, parentKeyId: null, latestExpiry: null };
  if (actor.kind === "api-key") {
    const parent = await em.findOne(ApiKey, { id: actor.id });
    if (!parent) throw new AuthError("API_KEY_INVALID");
    return {
      createdBy: `api-key:${parent.name}`,
      ownerUserId: parent.ownerUser?.id ?? null,
      parentKeyId: parent.id,
      latestExpiry: parent.expiresAt ?? null,
    };
  }
  return { createdBy: actorLabel(actor), ownerUserId: null, parentKeyId: null, latestExpiry: null };
}

/**
 * DESIGN.md rule 11: a key never outlives or outranks whoever made it. It records its maker; a
 * key made by a key expires no later than that key (a key without a ttl takes its maker's
 * expiry), and ends with it (foreign key cascade) and with the person at the root of its line
 * (see validateApiKey).
 */
export async function createApiKey(ctx: ServiceContext, input: unknown): Promise<NewApiKey> {
  const { name, role, ttlSeconds } = parseInput(apiKeyCreateInputSchema, input);
  return inTransaction(ctx, async (em) => {
    if (await em.findOne(ApiKey, { name }, { fields: ["id"] }))
      throw new AuthError("API_KEY_NAME_EXISTS");
    const now = ctx.deps.now();
    const lineage = await lineageOf(ctx, em);
    const asked = ttlSeconds ? new Date(now.getTime() + ttlSeconds * 1000) : null;
    const expiresAt =
      lineage.latestExpiry && (!asked || asked > lineage.latestExpiry)
        ? lineage.latestExpiry
        : asked;
    const row = em.create(ApiKey, {
      name,
      role,
      // The digest needs the row id, which the key encodes; it is set before the commit.
      secretDigest: "",
      expiresAt,
      lastSeenAt: null,
      createdAt: now,
      createdBy: lineage.createdBy,
      ownerUser: lineage.ownerUserId,
      parentKey: lineage.parentKeyId,
    });
    await em.flush();
    const { key, secretDigest } = generateApiKey(row.id);
    row.secretDigest = secretDigest;
    await recordAudit(
      ctx,
      { action: "api-key.create", outcome: "success", target: name, detail: `role ${role}` },
      em,
    );
    return { apiKey: toApiKeyDto(row), key };
  });
}

export async function listApiKeys(ctx: ServiceContext): Promise<ApiKeyDto[]> {
  const keys = await ctx.em.find(ApiKey, {}, { orderBy: { id: "asc" } });
  return keys.map(toApiKeyDto);
}

export async function deleteApiKey(
  ctx: ServiceContext,
  where: { id: number } | { name: string },
): Promise<void> {
  await inTransaction(ctx, async (em) => {
    const key = await em.findOne(ApiKey, where);
    if (!key) throw new AuthError("API_KEY_NOT_FOUND");
    em.remove(key);
    await recordAudit(ctx, { action: "api-key.delete", outcome: "success", target: key.name }, em);
  });
}

/**
 * The key behind `Authorization: Bearer psx-…`; anything wrong is the same API_KEY_INVALID. A
 * key works only while the person at the root of its line (if any) exists, is enabled and is
 * still an Admin: it answers to them, and only an Admin may make keys.
 */
export async function validateApiKey(
  em: EntityManager,
  deps: ServiceDeps,
  presented: string,
): Promise<ApiKey> {
  const { id, secretDigest } = parseApiKey(presented);
  const key = await em.findOne(ApiKey, { id });
  if (!key || !digestsEqual(key.secretDigest, secretDigest)) throw new AuthError("API_KEY_INVALID");
  const now = deps.now();
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime())
    throw new AuthError("API_KEY_INVALID");
  const ownerId = key.ownerUser?.id;
  if (ownerId !== undefined) {
    const owner = await em.findOne(User, { id: ownerId }, { fields: ["id", "isDisabled", "role"] });
    if (!owner || owner.isDisabled || owner.role !== "Admin")
      throw new AuthError("API_KEY_INVALID");
  }
  if (!key.lastSeenAt || now.getTime() - key.lastSeenAt.getTime() >= touchIntervalMs) {
    key.lastSeenAt = now;
    await unlessStorageFull(deps, () => em.flush());
  }
  return key;
}
