import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { User } from "./user.entity.js";

export const Session = defineEntity({
  name: "Session",
  tableName: "sessions",
  indexes: [
    {
      // A user's active sessions, newest first: what a sign-in's cap on active sessions walks
      // (services/sessions.ts revokeBeyondCap). Partial, so the ended sessions kept for the record cost it nothing.
      name: "sessions_active_index",
      expression:
        'create index "sessions_active_index" on "sessions" ("user_id", "last_seen_at" desc, "created_at" desc) where "revoked_at" is null',
    },
  ],
  properties: {
    /** SHA-256 (hex) of the 128-bit session id in the cookie; the raw id is never stored. */
    id: p.string().length(64).primary(),
    user: () => p.manyToOne(User).deleteRule("cascade").index(),
    createdAt: p.datetime(),
    lastSeenAt: p.datetime(),
    /** Absolute end (auth.login-maximum-lifetime-days); null when there is none. */
    expiresAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    clientIp: p.string().length(64).nullable(),
    userAgent: p.string().length(512).nullable(),
  },
});

export type Session = InferEntity<typeof Session>;
