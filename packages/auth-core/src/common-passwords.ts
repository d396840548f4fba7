import { dictionary } from "@zxcvbn-ts/language-common";
import { normalizePassword } from "./password/policy.js";

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * The 49k most common leaked passwords maintained by zxcvbn-ts, folded the way the policy
 * compares them. Its own entry point so that a browser bundle loads it only on the pages
 * that choose a password.
 */
export function loadCommonPasswords(): ReadonlySet<string> {
  commonPasswords ??= new Set(
    dictionary["passwords-common"].map((password) => normalizePassword(password).toLowerCase()),
  );
  return commonPasswords;
}
