import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { User } from "./user.entity.js";

export const Session = defineEntity({
  name: "Session",
  tableName: "sessions",
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
