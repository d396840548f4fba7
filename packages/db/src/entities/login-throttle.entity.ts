import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** One failure counter: per account+IP, per account, or per IP (see services/login-throttle.ts). */
export const LoginThrottle = defineEntity({
  name: "LoginThrottle",
  tableName: "login_throttles",
  properties: {
    /** `<scope>:<account>` / `<scope>:<ip>` / `<scope>:<account>\n<ip>`. */
    key: p.string().length(600).primary(),
    /** The account name the counter belongs to, for `admin user unlock`; null for per-IP rows. */
    account: p.string().length(255).nullable().index(),
    failures: p.integer().default(0),
    /** Start of the per-IP counting window. */
    windowStartedAt: p.datetime(),
    /** No attempt under this key is allowed before this time. */
    blockedUntil: p.datetime().nullable(),
    updatedAt: p.datetime().index(),
  },
});

export type LoginThrottle = InferEntity<typeof LoginThrottle>;
