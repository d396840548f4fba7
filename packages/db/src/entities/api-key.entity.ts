import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { roles } from "@pyroscope-auth/auth-core";

export const ApiKey = defineEntity({
  name: "ApiKey",
  tableName: "api_keys",
  properties: {
    /** Encoded in the key itself (see auth-core api-key/format.ts) to find the row. */
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).unique(),
    role: p.enum([...roles]),
    /** SHA-256 (hex) of the key's secret part; hidden from serialisation. */
    secretDigest: p.string().length(64).hidden(),
    expiresAt: p.datetime().nullable(),
    lastSeenAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});

export type ApiKey = InferEntity<typeof ApiKey>;
