import type { EntityManager } from "@mikro-orm/core";
import { TotpFactor } from "../entities/totp-factor.entity.js";

/** Whether the user's sign-in asks for a code: an authenticator app confirmed by a first code. */
export async function hasSecondFactor(em: EntityManager, userId: number): Promise<boolean> {
  return (await em.count(TotpFactor, { user: userId, confirmedAt: { $ne: null } })) > 0;
}

/** The same, as a column of a select over `users u` (for lists). */
export const hasSecondFactorColumn = `exists (select 1 from "totp_factors" t where t."user_id" = u."id" and t."confirmed_at" is not null) as "has_second_factor"`;
