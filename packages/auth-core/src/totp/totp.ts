import { randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";

// RFC 6238 as every authenticator app does it: HMAC-SHA-1, 6 digits, 30-second steps. The
// codes themselves are RFC 4226's (@oslojs/otp); which steps count, and the clock, are ours.

/** Seconds per step. */
const totpStepSeconds = 30;
const digits = 6;
/** Steps either side of now that still count: a phone's clock a little off, a code typed late. */
const driftSteps = 1;

/** A new shared secret: 160 bits (RFC 4226's recommended length), as authenticator apps take it. */
export function createTotpSecret(): string {
  return encodeBase32NoPadding(randomBytes(20));
}

/** The `otpauth://totp/…` URI a QR code carries, naming the issuer and the account. */
export function totpKeyUri(secret: string, issuer: string, account: string): string {
  return createTOTPKeyURI(
    issuer,
    account,
    decodeBase32IgnorePadding(secret),
    totpStepSeconds,
    digits,
  );
}

/** The step `now` falls in. */
export function totpStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / totpStepSeconds);
}

/**
 * The step whose code `code` is, among now's and its neighbours, and only after `lastStep`: a
 * code is accepted once, and neither it nor an older one works again (RFC 6238 §5.2).
 * Undefined for anything else, a code of the wrong shape included.
 */
export function matchTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): number | undefined {
  const typed = code.replaceAll(/\s/g, "");
  if (!/^\d{6}$/.test(typed)) return undefined;
  const key = decodeBase32IgnorePadding(secret);
  const current = totpStepAt(now);
  for (let step = current - driftSteps; step <= current + driftSteps; step++) {
    if (lastStep !== null && step <= lastStep) continue;
    if (verifyHOTP(key, BigInt(step), digits, typed)) return step;
  }
  return undefined;
}
