import { describe, expect, it } from "vitest";
import { createRecoveryCodes, recoveryCodeCount, recoveryCodeDigest } from "./recovery-codes.js";

describe("recovery codes", () => {
  it("are ten different codes of 10 letters and digits", () => {
    const codes = createRecoveryCodes();
    expect(codes).toHaveLength(recoveryCodeCount);
    expect(new Set(codes).size).toBe(recoveryCodeCount);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
  });

  it("are stored as a digest that ignores case, spaces and dashes, and nothing else", () => {
    const [code = ""] = createRecoveryCodes();
    const digest = recoveryCodeDigest(code);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(recoveryCodeDigest(code.toUpperCase().replace("-", " "))).toBe(digest);
    expect(recoveryCodeDigest(`${code}a`)).not.toBe(digest);
  });
});
