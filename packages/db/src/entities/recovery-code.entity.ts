import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { User } from "./user.entity.js";

/** One of a user's single-use recovery codes, for a sign-in without the authenticator app. */
export const RecoveryCode = defineEntity({
  name: "RecoveryCode",
  tableName: "recovery_codes",
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(User).deleteRule("cascade").index(),
    /** SHA-256 (hex) of the code as normalised (auth-core's recoveryCodeDigest). */
    digest: p.string().length(64).unique(),
    usedAt: p.datetime().nullable(),
  },
});

export type RecoveryCode = InferEntity<typeof RecoveryCode>;
