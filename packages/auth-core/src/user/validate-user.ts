import { z } from "zod";
import { type RuleViolation, violation } from "../errors.js";
import { maxFieldBytes } from "../password/policy.js";
import { utf8Length } from "./utf8-length.js";

// C0/C1 controls (NUL among them), and the Unicode line/paragraph separators that would split
// a log line. Nothing a person types, and NUL would end the text for SQLite's C API.
const controlCharacters = /[\p{Cc}\u2028\u2029]/u;

// Format characters draw nothing or reorder what follows (zero-width space, right-to-left
// override): in a name they make a second "admin" that reads like the first.
const invisibleCharacters = /\p{Cf}/u;

// What the audit trail names as the actor when no user acted (or a key did): a user so named
// would pass for the CLI, the server itself or an API key there.
export const actorLabels: ReadonlySet<string> = new Set(["cli", "anonymous", "system"]);
/** What the audit trail puts before an API key's name. */
export const apiKeyActorPrefix = "api-key:";

/** Whether a name would read as an audit actor label (see actorLabels), in any case. */
function isReservedUserName(name: string): boolean {
  const lower = name.toLowerCase();
  return actorLabels.has(lower) || lower.startsWith(apiKeyActorPrefix);
}

/**
 * The form a name is stored in: NFC, so that `josé` typed either way is one name. Sign-in
 * compares names exactly as typed: accounts from before keep theirs.
 */
export function normalizeUserName(name: string): string {
  return name.normalize("NFC");
}

export function checkUserName(name: string): RuleViolation | undefined {
  if (name.length === 0) return violation("USER_NAME_EMPTY");
  if (utf8Length(name) > maxFieldBytes) return violation("USER_NAME_TOO_LONG");
  // Not in the original: "admin " next to "admin" is an impersonation waiting to happen.
  if (controlCharacters.test(name) || invisibleCharacters.test(name) || name.trim() !== name)
    return violation("USER_NAME_INVALID");
  return undefined;
}

/**
 * checkUserName for a name being given (a new account, the built-in admin): not a reserved one
 * either. Accounts that had such a name before keep it; a rename checks it (updateUser).
 */
export function checkNewUserName(name: string): RuleViolation | undefined {
  return (
    checkUserName(name) ?? (isReservedUserName(name) ? violation("USER_NAME_RESERVED") : undefined)
  );
}

const emailFormat = z.email();

export function checkEmail(email: string): RuleViolation | undefined {
  if (utf8Length(email) > maxFieldBytes || !emailFormat.safeParse(email).success) {
    return violation("USER_EMAIL_INVALID");
  }
  return undefined;
}

export function checkFullName(fullName: string): RuleViolation | undefined {
  if (utf8Length(fullName) > maxFieldBytes) return violation("USER_FULL_NAME_TOO_LONG");
  if (controlCharacters.test(fullName)) return violation("USER_FULL_NAME_INVALID");
  return undefined;
}

export function checkApiKeyName(name: string): RuleViolation | undefined {
  if (name.trim().length === 0) return violation("API_KEY_NAME_EMPTY");
  if (utf8Length(name) > maxFieldBytes) return violation("API_KEY_NAME_TOO_LONG");
  if (controlCharacters.test(name)) return violation("API_KEY_NAME_INVALID");
  return undefined;
}
