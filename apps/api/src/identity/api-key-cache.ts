import { sha256Hex } from "@pyroscope-auth/auth-core";
import {
  type ApiKeyDto,
  type ServiceContext,
  type ServiceDeps,
  toApiKeyDto,
  validateApiKey,
} from "@pyroscope-auth/db";

/** One request's EntityManager fork. */
type EntityManager = ServiceContext["em"];

export interface ApiKeyCacheOptions {
  /** `auth.ingestion.cache-ttl`: how long a validated key is believed without the database. */
  readonly ttlMs: number;
  /** `auth.ingestion.cache-size`: how many validated keys are remembered (least recent out). */
  readonly maxEntries: number;
}

export interface ApiKeyCache {
  /**
   * The key behind a presented `psx-…`; AuthError API_KEY_INVALID when there is none. `em` is
   * asked for only when the database is: a remembered key needs none.
   */
  validate(em: () => EntityManager, deps: ServiceDeps, presented: string): Promise<ApiKeyDto>;
}

interface Remembered {
  readonly apiKey: ApiKeyDto;
  /** Epoch ms: the end of the TTL, or the key's own expiry if that comes first. */
  readonly until: number;
}

/**
 * The original's ingestion cache: a key validated against the database is believed for the TTL,
 * so an agent's every push costs no lookup. A deleted key therefore keeps working for up to the
 * TTL; an expired one stops at its expiry. Remembered by the key's digest, never the key itself.
 * Only successes are remembered: a key created a moment ago works at once.
 */
export function createApiKeyCache({ ttlMs, maxEntries }: ApiKeyCacheOptions): ApiKeyCache {
  const remembered = new Map<string, Remembered>();
  return {
    async validate(em, deps, presented) {
      if (ttlMs <= 0 || maxEntries <= 0)
        return toApiKeyDto(await validateApiKey(em(), deps, presented));
      const digest = sha256Hex(presented);
      const now = deps.now().getTime();
      const known = remembered.get(digest);
      if (known && known.until > now) {
        // Least recently used last out: a hit moves the key to the end.
        remembered.delete(digest);
        remembered.set(digest, known);
        return known.apiKey;
      }
      remembered.delete(digest);
      const apiKey = toApiKeyDto(await validateApiKey(em(), deps, presented));
      const expiresAt = apiKey.expiresAt ? Date.parse(apiKey.expiresAt) : Number.POSITIVE_INFINITY;
      if (remembered.size >= maxEntries) {
        const oldest = remembered.keys().next().value;
        if (oldest !== undefined) remembered.delete(oldest);
      }
      remembered.set(digest, { apiKey, until: Math.min(now + ttlMs, expiresAt) });
      return apiKey;
    },
  };
}
