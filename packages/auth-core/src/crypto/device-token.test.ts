import { describe, expect, it } from "vitest";
import { createDeviceTokens, deviceLifetimeMs } from "./device-token.js";

const secret = new Uint8Array(32).fill(7);
const now = new Date("2026-12-07T12:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("device tokens", () => {
  it("name a fresh device for the subject they were issued for, and no other", () => {
    const devices = createDeviceTokens(secret);
    const token = devices.issue("7:1700000000000", now);
    const id = devices.deviceOf(token, "7:1700000000000", now);
    expect(id).toMatch(/^[\w-]{22}$/);
    expect(
      devices.deviceOf(devices.issue("7:1700000000000", now), "7:1700000000000", now),
    ).not.toBe(id);
    // Another account, or the same one after a new password.
    expect(devices.deviceOf(token, "8:1700000000000", now)).toBeUndefined();
    expect(devices.deviceOf(token, "7:1800000000000", now)).toBeUndefined();
  });

  it("end after their lifetime, and are no device when issued in the future", () => {
    const devices = createDeviceTokens(secret);
    const token = devices.issue("7:1", now);
    expect(devices.deviceOf(token, "7:1", later(deviceLifetimeMs - 1000))).toBeDefined();
    expect(devices.deviceOf(token, "7:1", later(deviceLifetimeMs + 1000))).toBeUndefined();
    expect(devices.deviceOf(token, "7:1", later(-120_000))).toBeUndefined();
  });

  it("are no device when forged, altered, under another secret or malformed", () => {
    const devices = createDeviceTokens(secret);
    const token = devices.issue("7:1", now);
    const [version, id, issued, mac] = token.split(".") as [string, string, string, string];
    const flipped = `${mac.slice(0, -2)}${mac.endsWith("AA") ? "BA" : "AA"}`;
    for (const bad of [
      `${version}.${id}.${issued}.${flipped}`,
      `${version}.${id.replace(/^./, (c) => (c === "A" ? "B" : "A"))}.${issued}.${mac}`,
      `${version}.${id}.${Number(issued) + 1}.${mac}`,
      `d1.${id}.${issued}.${mac}`,
      `${token}.x`,
      `${version}.${id}.${issued}`,
      `${version}.${id}\n.${issued}.${mac}`,
      "",
      undefined,
    ]) {
      expect(devices.deviceOf(bad, "7:1", now)).toBeUndefined();
    }
    expect(
      createDeviceTokens(new Uint8Array(32).fill(8)).deviceOf(token, "7:1", now),
    ).toBeUndefined();
  });
});
