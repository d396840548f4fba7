import type { EntityManager } from "@mikro-orm/core";
import { TotpFactor } from "../entities/totp-factor.entity.js";

/** The user's authenticator app once a first code confirmed it: what sign-in asks for. */
export function confirmedFactor(em: EntityManager, userId: number): Promise<TotpFactor | null> {
  return em.findOne(TotpFactor, { user: userId, confirmedAt: { $ne: null } });
}

/** Whether the user's sign-in asks for a code. */
export async function hasSecondFactor(em: EntityManager, userId: number): Promise<boolean> {
  return (await confirmedFactor(em, userId)) !== null;
}

/** The same, as a column of a select over `users u` (for lists). */
export const hasSecondFactorColumn = `exists (select 1 from "totp_factors" t where t."user_id" = u."id" and t."confirmed_at" is not null) as "has_second_factor"`;
