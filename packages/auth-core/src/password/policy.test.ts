import { describe, expect, it } from "vitest";
import { loadCommonPasswords } from "../common-passwords.js";
import { checkNewPassword, checkPassword, normalizePassword } from "./policy.js";

const policy = { minLength: 8, commonPasswords: loadCommonPasswords() };

describe("password policy", () => {
  it("uses a maintained list of at least 10,000 common passwords", () => {
    expect(policy.commonPasswords.size).toBeGreaterThanOrEqual(10_000);
    for (const common of ["123456", "password", "qwerty123", "iloveyou"]) {
      expect(policy.commonPasswords.has(common)).toBe(true);
    }
  });

  it("counts the minimum in characters, not bytes", () => {
    expect(checkPassword("ééééééé", policy)?.code).toBe("USER_PASSWORD_TOO_SHORT"); // 7 chars, 14 bytes
    expect(checkPassword("éééééééé", policy)).toBeUndefined();
  });

  it("compares common passwords after NFKC and case folding", () => {
    expect(checkPassword("PASSWORD", policy)?.code).toBe("USER_PASSWORD_TOO_COMMON");
    // Full-width letters fold to ASCII under NFKC.
    expect(checkPassword("ｐａｓｓｗｏｒｄ", policy)?.code).toBe("USER_PASSWORD_TOO_COMMON");
  });

  it("refuses the name, the email and the email's local part", () => {
    const owner = { name: "dbops-owner", email: "sre-team@example.com" };
    expect(checkNewPassword("DBOPS-OWNER", policy, owner)?.code).toBe(
      "USER_PASSWORD_CONTAINS_IDENTITY",
    );
    expect(checkNewPassword("sre-team@example.com", policy, owner)?.code).toBe(
      "USER_PASSWORD_CONTAINS_IDENTITY",
    );
    expect(checkNewPassword("Sre-Team", policy, owner)?.code).toBe(
      "USER_PASSWORD_CONTAINS_IDENTITY",
    );
    expect(checkNewPassword("a-real-passphrase", policy, owner)).toBeUndefined();
  });

  it("normalises composed and decomposed accents to one password", () => {
    expect(normalizePassword("caf\u0065\u0301")).toBe(normalizePassword("caf\u00e9"));
  });
});
