import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { User } from "./user.entity.js";

/**
 * A sign-in's first step passed, waiting for its second factor: short-lived and single-use, and
 * no session. The client holds the random token; only its digest is stored.
 */
export const LoginChallenge = defineEntity({
  name: "LoginChallenge",
  tableName: "login_challenges",
  properties: {
    /** SHA-256 (hex) of the challenge token. */
    id: p.string().length(64).primary(),
    user: () => p.manyToOne(User).deleteRule("cascade").index(),
    /** The account as the password check saw it: a change since voids the challenge. */
    passwordChangedAt: p.datetime(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});

export type LoginChallenge = InferEntity<typeof LoginChallenge>;
