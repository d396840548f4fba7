import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { roles } from "@pyroscope-auth/auth-core";
import { User } from "./user.entity.js";

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
    /** Who made it, as shown: a user's name, `api-key:<name>`, `cli`. */
    createdBy: p.string().length(300).default("(unknown)"),
    /**
     * The person at the root of its line (the user who made it, or made the key that made it):
     * the key works only while that person exists, is enabled and is an Admin, and is deleted
     * with them. None for keys the CLI made, which answer to whoever runs it.
     */
    ownerUser: () => p.manyToOne(User).deleteRule("cascade").nullable().index(),
    /** The key that made it: deleting that key deletes this one (foreign key cascade). */
    parentKey: () => p.manyToOne(ApiKey).deleteRule("cascade").nullable().index(),
  },
});

export type ApiKey = InferEntity<typeof ApiKey>;
