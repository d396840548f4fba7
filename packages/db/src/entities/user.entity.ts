import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { roles } from "@pyroscope-auth/auth-core";

export const User = defineEntity({
  name: "User",
  tableName: "users",
  properties: {
    id: p.integer().primary().autoincrement(),
    /** The login; unique and case-sensitive, as in the original. */
    name: p.string().length(255).unique(),
    email: p.string().length(255).nullable().unique(),
    fullName: p.string().length(255).nullable(),
    /** argon2id PHC string; empty for external users, who have no password. Never serialised. */
    passwordHash: p.text().hidden(),
    role: p.enum([...roles]),
    isDisabled: p.boolean().default(false),
    isExternal: p.boolean().default(false),
    mustChangePassword: p.boolean().default(false),
    passwordChangedAt: p.datetime(),
    lastSeenAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    // Last, in the order the migration added them.
    /** What a new name must not share (auth-core's nameLook); set with the name. */
    nameSkeleton: p.text().default("").index(),
    nameFoldedSkeleton: p.text().default("").index(),
    /** The email case-folded (auth-core's emailLook), which a new email must not share. */
    emailFolded: p.text().nullable().index(),
  },
});

export type User = InferEntity<typeof User>;
