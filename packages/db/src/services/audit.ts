import type { EntityManager } from "@mikro-orm/core";
import { type AuditEventDto, toAuditEventDto } from "../dto.js";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { actorLabel, type ServiceContext } from "../service-deps.js";

export interface AuditEntry {
  readonly action: string;
  readonly outcome: "success" | "failure" | "denied";
  readonly target?: string | null | undefined;
  readonly detail?: string | undefined;
}

const clip = (value: string | null | undefined, max: number) =>
  value == null ? null : value.slice(0, max);

/**
 * Adds an event to the unit of work of `em` (flushed with the change it describes, so an
 * account change and its audit row commit together). Call `recordAuditNow` for refusals.
 */
export function recordAudit(
  ctx: ServiceContext,
  entry: AuditEntry,
  em: EntityManager = ctx.em,
): void {
  em.create(AuditEvent, {
    at: ctx.deps.now(),
    actor: clip(actorLabel(ctx.actor), 300) ?? "",
    action: entry.action,
    target: clip(entry.target, 300),
    clientIp: clip(ctx.clientIp, 64),
    outcome: entry.outcome,
    detail: clip(entry.detail, 500),
  });
}

/** Records an event on its own, for outcomes that change nothing else (refusals, failures). */
export async function recordAuditNow(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  const em = ctx.em.fork();
  recordAudit(ctx, entry, em);
  await em.flush();
}

export async function listAuditEvents(
  ctx: ServiceContext,
  filter: { limit?: number; target?: string; action?: string } = {},
): Promise<AuditEventDto[]> {
  const where: Record<string, string> = {};
  if (filter.target) where.target = filter.target;
  if (filter.action) where.action = filter.action;
  const events = await ctx.em.find(AuditEvent, where, {
    orderBy: { id: "desc" },
    limit: Math.min(filter.limit ?? 100, 1000),
  });
  return events.map(toAuditEventDto);
}
