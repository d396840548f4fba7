import { describe, expect, it } from "vitest";
import { isSecondFactorRequired, mustSetUpSecondFactor } from "./required-second-factor.js";

describe("a second factor required for roles", () => {
  it("is required for the roles named, and for no role by default", () => {
    expect(isSecondFactorRequired("Admin", ["Admin"])).toBe(true);
    expect(isSecondFactorRequired("ReadOnly", ["Admin"])).toBe(false);
    expect(isSecondFactorRequired("Admin", [])).toBe(false);
  });

  it("must be set up by a person of such a role who has none, and only then", () => {
    const required = ["Admin", "ReadOnly"] as const;
    expect(mustSetUpSecondFactor({ role: "Admin", hasSecondFactor: false }, required)).toBe(true);
    expect(mustSetUpSecondFactor({ role: "ReadOnly", hasSecondFactor: false }, required)).toBe(
      true,
    );
    expect(mustSetUpSecondFactor({ role: "Admin", hasSecondFactor: true }, required)).toBe(false);
    expect(mustSetUpSecondFactor({ role: "Agent", hasSecondFactor: false }, required)).toBe(false);
    expect(mustSetUpSecondFactor({ role: "Admin", hasSecondFactor: false }, [])).toBe(false);
  });
});
