import { describe, expect, it } from "vitest";
import { normalizeIp } from "./http-exchange.js";

describe("normalizeIp", () => {
  it("spells an IPv4 client one way, and a closed socket's missing address as unknown", () => {
    expect(normalizeIp("::ffff:127.0.0.2")).toBe("127.0.0.2");
    expect(normalizeIp("127.0.0.2")).toBe("127.0.0.2");
    expect(normalizeIp("::ffff:abcd")).toBe("::ffff:abcd");
    expect(normalizeIp("2001:db8::1")).toBe("2001:db8::1");
    expect(normalizeIp(undefined)).toBe("unknown");
  });
});
