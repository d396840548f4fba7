import { randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { sha256Hex } from "../crypto/tokens.js";

/** How many recovery codes an enrolment gives; each works once. */
export const recoveryCodeCount = 10;

/**
 * Fresh recovery codes, shown once: 10 base32 letters and digits each (50 bits, beyond guessing
 * under the login throttle), as `xxxxx-xxxxx`.
 */
export function createRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    const code = encodeBase32LowerCaseNoPadding(randomBytes(7)).slice(0, 10);
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/**
 * What is stored of a recovery code: SHA-256 of it as typed any way (case, spaces, dashes
 * ignored). Its 50 random bits need no slow hash: nobody can try them offline faster than
 * they were drawn.
 */
export function recoveryCodeDigest(code: string): string {
  return sha256Hex(code.toLowerCase().replaceAll(/[\s-]/g, ""));
}
