import type { EntityManager, FilterQuery } from "@mikro-orm/core";
import { deleteInBatches } from "../batched-delete.js";
import { type AuditEventDto, toAuditEventDto } from "../dto.js";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { actorLabel, type ServiceContext, type ServiceDeps } from "../service-deps.js";
import { ormRunner, storableText } from "../sql.js";

export interface AuditEntry {
  readonly action: string;
  readonly outcome: "success" | "failure" | "denied";
  readonly target?: string | null | undefined;
  readonly detail?: string | undefined;
}

/** At most `max` characters, NUL shown as U+FFFD: PostgreSQL's text cannot hold NUL. */
const clip = (value: string | null | undefined, max: number) =>
  value == null ? null : storableText(value).slice(0, max);

/**
 * Appends an event. Inside a transaction (`em` from `inTransaction`) it commits or rolls back
 * with the change it describes; outside one (refusals, failed logins) it stands alone.
 */
export async function recordAudit(
  ctx: ServiceContext,
  entry: AuditEntry,
  em: EntityManager = ctx.em,
): Promise<void> {
  await ormRunner(em).run(
    'insert into "audit_events" ("at", "actor", "action", "target", "client_ip", "outcome", "detail") values (?, ?, ?, ?, ?, ?, ?)',
    [
      ctx.deps.now(),
      clip(actorLabel(ctx.actor), 300),
      entry.action,
      clip(entry.target, 300),
      clip(ctx.clientIp, 64),
      entry.outcome,
      clip(entry.detail, 500),
    ],
  );
}

/** The most events one listing returns. */
export const maxAuditEventsListed = 1000;

export async function listAuditEvents(
  ctx: ServiceContext,
  /** `user`: events by that user or key (`api-key:<name>`) and events about them. */
  filter: { limit?: number; user?: string; action?: string } = {},
): Promise<AuditEventDto[]> {
  const where: FilterQuery<AuditEvent> = {};
  if (filter.user) where.$or = [{ actor: filter.user }, { target: filter.user }];
  if (filter.action) where.action = filter.action;
  const events = await ctx.em.find(AuditEvent, where, {
    orderBy: { id: "desc" },
    limit: Math.min(filter.limit ?? 100, maxAuditEventsListed),
  });
  return events.map(toAuditEventDto);
}

/** Every action the trail holds (an index scan), to tell a misspelt filter from a quiet one. */
export async function auditActionsOnRecord(ctx: ServiceContext): Promise<string[]> {
  const rows: { action: string }[] = await ctx.em
    .getConnection()
    .execute('select distinct "action" from "audit_events" order by "action"');
  return rows.map((row) => row.action);
}

/** Deletes events older than `auth.audit-retention-days` (0 keeps them forever), in batches. */
export async function purgeOldAuditEvents(em: EntityManager, deps: ServiceDeps): Promise<number> {
  const days = deps.config["auth.audit-retention-days"];
  if (days === 0) return 0;
  const cutoff = new Date(deps.now().getTime() - days * 86_400_000);
  return deleteInBatches(em, deps.database.engine, "audit_events", '"at" < ?', [cutoff], {
    indexed: true,
  });
}
