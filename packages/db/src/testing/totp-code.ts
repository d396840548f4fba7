import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";

/** The code an authenticator app shows at `at` for `secret` (RFC 6238: 30 s steps, 6 digits). */
export function totpCode(secret: string, at: Date): string {
  const step = BigInt(Math.floor(at.getTime() / 30_000));
  return generateHOTP(decodeBase32IgnorePadding(secret), step, 6);
}
