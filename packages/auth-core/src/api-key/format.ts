import { randomBytes } from "node:crypto";
import { sha256Hex } from "../crypto/tokens.js";
import { AuthError } from "../errors.js";

/** The original's key shape: `psx-` + base64url(uvarint(key id) ‖ 32 random bytes). */
export const apiKeyPrefix = "psx-";
const secretLength = 32;
const maxVarintBytes = 8; // 2^53 (largest safe id) fits in 8 groups of 7 bits

export interface ParsedApiKey {
  readonly id: number;
  /** What the database holds: SHA-256 of the secret part, hex. */
  readonly secretDigest: string;
}

function encodeUvarint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function decodeUvarint(bytes: Uint8Array): { value: number; length: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let index = 0; index < Math.min(bytes.length, maxVarintBytes); index++) {
    const byte = bytes[index] ?? 0;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      // Overlong encodings (a trailing zero group) would give one id many spellings.
      if (index > 0 && byte === 0) return undefined;
      return { value, length: index + 1 };
    }
    scale *= 0x80;
  }
  return undefined;
}

/** A new key for the row `id`. The full key is shown once; only the digest is stored. */
export function generateApiKey(id: number): { key: string; secretDigest: string } {
  if (!Number.isSafeInteger(id) || id < 1)
    throw new RangeError("api key id must be a positive integer");
  const secret = randomBytes(secretLength);
  const payload = Buffer.concat([Buffer.from(encodeUvarint(id)), secret]);
  return { key: apiKeyPrefix + payload.toString("base64url"), secretDigest: sha256Hex(secret) };
}

/** Splits a presented key into its row id and secret digest; anything malformed is API_KEY_INVALID. */
export function parseApiKey(key: string): ParsedApiKey {
  const body = key.startsWith(apiKeyPrefix) ? key.slice(apiKeyPrefix.length) : "";
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new AuthError("API_KEY_INVALID");
  const payload = Buffer.from(body, "base64url");
  // Node's decoder skips junk silently; a round trip proves the text was canonical base64url.
  if (payload.toString("base64url") !== body) throw new AuthError("API_KEY_INVALID");
  const id = decodeUvarint(payload);
  if (
    !id ||
    id.value < 1 ||
    !Number.isSafeInteger(id.value) ||
    payload.length - id.length !== secretLength
  ) {
    throw new AuthError("API_KEY_INVALID");
  }
  return { id: id.value, secretDigest: sha256Hex(payload.subarray(id.length)) };
}
