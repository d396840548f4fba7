import type { Role } from "../user/roles.js";

/**
 * Whether a person of `role` must sign in with a second factor (`auth.internal.totp.required-roles`):
 * such a person may not turn theirs off.
 */
export function isSecondFactorRequired(role: Role, requiredRoles: readonly Role[]): boolean {
  return requiredRoles.includes(role);
}

/**
 * Whether a signed-in person must set up an authenticator app before anything else works, as a
 * pending password change does: their role requires one, and they have none (yet, or any more
 * after an admin's reset). Judged on every request, from the session's own read.
 */
export function mustSetUpSecondFactor(
  person: { readonly role: Role; readonly hasSecondFactor: boolean },
  requiredRoles: readonly Role[],
): boolean {
  return !person.hasSecondFactor && isSecondFactorRequired(person.role, requiredRoles);
}
