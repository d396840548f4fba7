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
import type { ServiceContext, ServiceDeps } from "../service-deps.js";
import { unlessDiskFull } from "../storage-full.js";
import { recordAudit } from "./audit.js";
import { touchIntervalMs } from "./sessions.js";
import { inTransaction } from "./transaction.js";

export interface NewApiKey {
  readonly apiKey: ApiKeyDto;
  /** The full `psx-…` key: shown once, never stored. */
  readonly key: string;
}

export async function createApiKey(ctx: ServiceContext, input: unknown): Promise<NewApiKey> {
  const { name, role, ttlSeconds } = parseInput(apiKeyCreateInputSchema, input);
  return inTransaction(ctx, async (em) => {
    if (await em.findOne(ApiKey, { name }, { fields: ["id"] }))
      throw new AuthError("API_KEY_NAME_EXISTS");
    const now = ctx.deps.now();
    const row = em.create(ApiKey, {
      name,
      role,
      // The digest needs the row id, which the key encodes; it is set before the commit.
      secretDigest: "",
      expiresAt: ttlSeconds ? new Date(now.getTime() + ttlSeconds * 1000) : null,
      lastSeenAt: null,
      createdAt: now,
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

/** The key behind `Authorization: Bearer psx-…`; anything wrong is the same API_KEY_INVALID. */
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
  if (!key.lastSeenAt || now.getTime() - key.lastSeenAt.getTime() >= touchIntervalMs) {
    key.lastSeenAt = now;
    await unlessDiskFull(deps, () => em.flush());
  }
  return key;
}
