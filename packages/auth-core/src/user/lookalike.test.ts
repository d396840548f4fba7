import { describe, expect, it } from "vitest";
import { asciiLookalikeNote, emailLook, looksReserved, nameLook } from "./lookalike.js";
import { normalizeUserName } from "./validate-user.js";

const sameLook = (a: string, b: string) => {
  const [x, y] = [nameLook(a), nameLook(b)];
  return x.skeleton === y.skeleton || x.foldedSkeleton === y.foldedSkeleton;
};

describe("look-alike names (UTS #39 skeletons)", () => {
  it.each([
    ["Admin"],
    ["ADMIN"],
    ["\u0430dmin"], // Cyrillic а
    ["\uff41\uff44\uff4d\uff49\uff4e"], // fullwidth
    ["adm\u0131n"], // dotless ı
    ["adrnin"], // rn for m
    ["admIn"],
    ["adm\u200bin"], // a zero-width space is ignorable
  ])("%s looks like admin", (name) => {
    expect(sameLook(name, "admin")).toBe(true);
  });

  it.each([["admins"], ["bob"], ["adnim"], ["Łukasz"]])("%s does not look like admin", (name) => {
    expect(sameLook(name, "admin")).toBe(false);
  });

  it("tells apart names that only share letters' bases in other scripts", () => {
    expect(sameLook("张伟", "张三")).toBe(false);
    expect(sameLook("josé", "jose")).toBe(false);
  });

  it("stores a new name in NFC, so that josé typed either way is one name", () => {
    expect(normalizeUserName("jose\u0301")).toBe("jos\u00e9");
    expect(sameLook("jose\u0301", "jos\u00e9")).toBe(true);
  });

  it("compares emails without case", () => {
    expect(emailLook("ADMIN@localhost.localdomain")).toBe(emailLook("admin@localhost.localdomain"));
    expect(emailLook("bob@example.com")).not.toBe(emailLook("rob@example.com"));
  });

  it("tells a reader which characters pass for ASCII ones", () => {
    expect(asciiLookalikeNote("\u0430dmin")).toBe('looks like "admin": U+0430');
    expect(asciiLookalikeNote("j\u043es\u00e9")).toBe('looks like "jos\u00e9": U+043E');
    expect(asciiLookalikeNote("admin")).toBeUndefined();
    expect(asciiLookalikeNote("Łukasz")).toBeUndefined();
    expect(asciiLookalikeNote("张伟")).toBeUndefined();
  });

  it.each([
    ["\u0441li"],
    ["\u0455\u0443\u0455t\u0435m"],
    ["\u0430pi-key:deploy"],
    ["SYSTEM"],
    ["cIi"],
  ])("%s reads as an audit actor label", (name) => {
    expect(looksReserved(name)).toBe(true);
  });

  it.each([["clio"], ["systems-team"], ["api"], ["bob"]])("%s does not", (name) => {
    expect(looksReserved(name)).toBe(false);
  });
});
