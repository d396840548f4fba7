import { type RuleViolation, violation } from "../errors.js";
import { utf8Length } from "../user/utf8-length.js";

/** What a new password must satisfy, beyond the original's "not empty, at most 255 bytes". */
export interface PasswordPolicy {
  /** Minimum length in characters (code points after NFKC), NIST's 8 by default. */
  readonly minLength: number;
  /** NFKC-normalised, lower-cased; see common-passwords.ts. Empty disables the check. */
  readonly commonPasswords: ReadonlySet<string>;
}

export const maxFieldBytes = 255;

/**
 * Passwords are compared and hashed in NFKC so that the same visible password typed on two
 * keyboards (composed vs decomposed accents, full-width digits) is the same password.
 */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** The first rule a new password breaks, in the order a user should fix them. */
export function checkPassword(password: string, policy: PasswordPolicy): RuleViolation | undefined {
  if (password.length === 0) return violation("USER_PASSWORD_EMPTY");
  if (utf8Length(password) > maxFieldBytes) return violation("USER_PASSWORD_TOO_LONG");
  const normalized = normalizePassword(password);
  if ([...normalized].length < policy.minLength) {
    return violation(
      "USER_PASSWORD_TOO_SHORT",
      `user password must be at least ${policy.minLength} characters`,
    );
  }
  if (policy.commonPasswords.has(normalized.toLowerCase())) {
    return violation("USER_PASSWORD_TOO_COMMON");
  }
  return undefined;
}

export interface PasswordOwner {
  readonly name?: string | undefined;
  readonly email?: string | null | undefined;
}

/** The first guess of anyone who knows the account: its own name or email as the password. */
export function checkPasswordIdentity(
  password: string,
  owner: PasswordOwner,
): RuleViolation | undefined {
  const folded = normalizePassword(password).toLowerCase();
  const { name, email } = owner;
  const guesses = [name, email, email?.split("@")[0]]
    .filter((value): value is string => typeof value === "string" && value.length > 0)
    .map((value) => value.normalize("NFKC").toLowerCase());
  return guesses.includes(folded) ? violation("USER_PASSWORD_CONTAINS_IDENTITY") : undefined;
}

/** Both checks, for a password chosen for a known account. */
export function checkNewPassword(
  password: string,
  policy: PasswordPolicy,
  owner: PasswordOwner,
): RuleViolation | undefined {
  return checkPassword(password, policy) ?? checkPasswordIdentity(password, owner);
}
