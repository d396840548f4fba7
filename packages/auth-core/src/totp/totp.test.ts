import { decodeBase32IgnorePadding, encodeBase32NoPadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { createTotpSecret, matchTotp, totpKeyUri, totpStepAt } from "./totp.js";

// RFC 6238 appendix B's SHA-1 secret; its 8-digit codes end in the 6 digits apps show.
const rfcSecret = encodeBase32NoPadding(new TextEncoder().encode("12345678901234567890"));
const at = (seconds: number) => new Date(seconds * 1000);
const codeAt = (secret: string, seconds: number) =>
  generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(seconds / 30)), 6);

describe("TOTP", () => {
  it("matches RFC 6238's test vectors", () => {
    for (const [seconds, code] of [
      [59, "287082"],
      [1111111109, "081804"],
      [1234567890, "005924"],
      [2000000000, "279037"],
    ] as const) {
      expect(matchTotp(rfcSecret, code, at(seconds), null)).toBe(totpStepAt(at(seconds)));
    }
  });

  it("accepts the previous and next step's codes, and nothing further off", () => {
    const now = 1_800_000_015;
    for (const offset of [-30, 30])
      expect(matchTotp(rfcSecret, codeAt(rfcSecret, now + offset), at(now), null)).toBeDefined();
    for (const offset of [-60, 60, 3600])
      expect(matchTotp(rfcSecret, codeAt(rfcSecret, now + offset), at(now), null)).toBeUndefined();
  });

  it("accepts a code once: neither it nor an older one works after it", () => {
    const now = 1_800_000_015;
    const step = matchTotp(rfcSecret, codeAt(rfcSecret, now), at(now), null);
    expect(step).toBe(totpStepAt(at(now)));
    expect(
      matchTotp(rfcSecret, codeAt(rfcSecret, now), at(now + 10), step ?? null),
    ).toBeUndefined();
    expect(
      matchTotp(rfcSecret, codeAt(rfcSecret, now - 30), at(now), step ?? null),
    ).toBeUndefined();
    expect(matchTotp(rfcSecret, codeAt(rfcSecret, now + 30), at(now + 30), step ?? null)).toBe(
      (step ?? 0) + 1,
    );
  });

  it("refuses codes of the wrong shape, and takes one typed with spaces", () => {
    const now = 1_800_000_015;
    const code = codeAt(rfcSecret, now);
    for (const wrong of ["", "12345", "1234567", "abcdef", `${code}0`, "٠١٢٣٤٥"])
      expect(matchTotp(rfcSecret, wrong, at(now), null)).toBeUndefined();
    expect(matchTotp(rfcSecret, `${code.slice(0, 3)} ${code.slice(3)}`, at(now), null)).toBe(
      totpStepAt(at(now)),
    );
  });

  it("makes 160-bit secrets and the URI an authenticator app reads", () => {
    const secret = createTotpSecret();
    expect(decodeBase32IgnorePadding(secret)).toHaveLength(20);
    expect(createTotpSecret()).not.toBe(secret);
    const uri = new URL(totpKeyUri(secret, "Pyroscope", "ada@example"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      secret,
      issuer: "Pyroscope",
      digits: "6",
      period: "30",
    });
  });
});
