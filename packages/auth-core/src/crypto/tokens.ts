import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Secrets (session ids, API keys) are stored only as this digest, never as themselves. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A CSPRNG secret, base64url, 128 bits unless asked otherwise. */
export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString("base64url");
}

/** Compares two digests without leaking, through timing, how much of them matched. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
