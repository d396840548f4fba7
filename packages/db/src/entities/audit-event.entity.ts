import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

export const auditOutcomes = ["success", "failure", "denied"] as const;

export const AuditEvent = defineEntity({
  name: "AuditEvent",
  tableName: "audit_events",
  properties: {
    id: p.integer().primary().autoincrement(),
    at: p.datetime().index(),
    /** Who acted: a user name, `api-key:<name>`, `cli`, `anonymous` or `system`. */
    actor: p.string().length(300),
    /** Dotted verb, e.g. `login.failure`, `user.role.set`, `api-key.create`. */
    action: p.string().length(64).index(),
    /** What it was done to: a user or key name; for logins, the name that was tried. */
    target: p.string().length(300).nullable(),
    clientIp: p.string().length(64).nullable(),
    outcome: p.enum([...auditOutcomes]),
    /** Short reason or changed fields; never a secret. */
    detail: p.string().length(500).nullable(),
  },
});

export type AuditEvent = InferEntity<typeof AuditEvent>;
