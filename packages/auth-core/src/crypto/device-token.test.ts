import { describe, expect, it } from "vitest";
import { createDeviceTokens } from "./device-token.js";

const secret = new Uint8Array(32).fill(7);

describe("device tokens", () => {
  it("name a fresh device for the account they were issued for, and no other", () => {
    const devices = createDeviceTokens(secret);
    const token = devices.issue("lockme");
    const id = devices.deviceOf(token, "lockme");
    expect(id).toMatch(/^[\w-]{22}$/);
    expect(devices.deviceOf(devices.issue("lockme"), "lockme")).not.toBe(id);
    expect(devices.deviceOf(token, "admin")).toBeUndefined();
    expect(token).not.toContain("lockme");
  });

  it("are no device when forged, altered, under another secret or malformed", () => {
    const devices = createDeviceTokens(secret);
    const token = devices.issue("lockme");
    const [version, id, mac] = token.split(".") as [string, string, string];
    const flipped = `${mac.slice(0, -2)}${mac.endsWith("AA") ? "BA" : "AA"}`;
    for (const bad of [
      `${version}.${id}.${flipped}`,
      `${version}.${id.replace(/^./, (c) => (c === "A" ? "B" : "A"))}.${mac}`,
      `d0.${id}.${mac}`,
      `${token}.x`,
      `${version}.${id}`,
      "",
      undefined,
    ]) {
      expect(devices.deviceOf(bad, "lockme")).toBeUndefined();
    }
    expect(
      createDeviceTokens(new Uint8Array(32).fill(8)).deviceOf(token, "lockme"),
    ).toBeUndefined();
  });
});
