import { describe, expect, it } from "vitest";
import { sha256Hex } from "../crypto/tokens.js";
import { apiKeyPrefix, generateApiKey, parseApiKey } from "./format.js";

describe("api key format", () => {
  it.each([1, 127, 128, 300, 16_383, 16_384, 2 ** 31, Number.MAX_SAFE_INTEGER])(
    "round-trips key id %d",
    (id) => {
      const { key, secretDigest } = generateApiKey(id);
      expect(key.startsWith(apiKeyPrefix)).toBe(true);
      expect(key).toMatch(/^psx-[A-Za-z0-9_-]+$/);
      expect(parseApiKey(key)).toEqual({ id, secretDigest });
    },
  );

  it("stores the SHA-256 of the 32-byte secret, never the key", () => {
    const { key, secretDigest } = generateApiKey(5);
    const payload = Buffer.from(key.slice(4), "base64url");
    expect(payload.length).toBe(33);
    expect(secretDigest).toBe(sha256Hex(payload.subarray(1)));
  });

  it("never repeats a secret", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey(1).key));
    expect(keys.size).toBe(1000);
  });

  const valid = generateApiKey(42).key;
  const body = valid.slice(4);
  const payload = Buffer.from(body, "base64url");
  it.each([
    ["empty", ""],
    ["no prefix", body],
    ["wrong prefix", `psk-${body}`],
    ["prefix only", "psx-"],
    ["bad characters", `psx-${body.slice(0, -2)}!!`],
    ["standard base64 padding", `psx-${payload.toString("base64")}=`],
    ["secret too short", `psx-${payload.subarray(0, 32).toString("base64url")}`],
    ["secret too long", `psx-${Buffer.concat([payload, Buffer.from([0])]).toString("base64url")}`],
    [
      "key id zero",
      `psx-${Buffer.concat([Buffer.from([0]), payload.subarray(1)]).toString("base64url")}`,
    ],
    [
      "overlong varint",
      `psx-${Buffer.concat([Buffer.from([0xaa, 0x00]), payload.subarray(1)]).toString("base64url")}`,
    ],
    ["unterminated varint", `psx-${Buffer.alloc(33, 0xff).toString("base64url")}`],
    ["whitespace", ` ${valid}`],
  ])("refuses a malformed key (%s) with API_KEY_INVALID", (_, key) => {
    expect(() => parseApiKey(key)).toThrow(
      expect.objectContaining({ code: "API_KEY_INVALID", message: "invalid api key" }),
    );
  });

  it("refuses ids it cannot encode", () => {
    expect(() => generateApiKey(0)).toThrow(RangeError);
    expect(() => generateApiKey(1.5)).toThrow(RangeError);
  });
});
