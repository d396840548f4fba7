import type { EntityManager } from "@mikro-orm/core";
import type { ServiceDeps } from "../service-deps.js";
import { purgeOldAuditEvents } from "./audit.js";
import { purgeEndedChallenges } from "./second-factor.js";
import { purgeEndedSessions } from "./sessions.js";

/**
 * Deletes what is kept only for a while, so that no table grows without bound: sessions that
 * ended over a week ago, audit events past their retention and sign-ins' challenges past their
 * end. The server runs it hourly; the
 * login-throttle table purges itself as logins come in.
 */
export async function purgeExpiredRecords(
  em: EntityManager,
  deps: ServiceDeps,
): Promise<{ sessions: number; auditEvents: number; challenges: number }> {
  return {
    sessions: await purgeEndedSessions(em, deps),
    auditEvents: await purgeOldAuditEvents(em, deps),
    challenges: await purgeEndedChallenges(em, deps),
  };
}
