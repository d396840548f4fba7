import { describe, expect, it } from "vitest";
import { formatRelative, formatWait } from "./format-time";

describe("formatRelative", () => {
  const now = new Date("2026-11-27T12:00:00Z");

  it("says how long ago or how far ahead", () => {
    expect(formatRelative("2026-11-27T11:59:30Z", now)).toBe("just now");
    expect(formatRelative("2026-11-27T11:55:00Z", now)).toBe("5 minutes ago");
    expect(formatRelative("2026-11-26T12:00:00Z", now)).toBe("yesterday");
    expect(formatRelative("2026-12-04T12:00:00Z", now)).toBe("next week");
    expect(formatRelative("2027-11-27T12:00:00Z", now)).toBe("next year");
  });
});

describe("formatWait", () => {
  it("rounds a wait up to the unit a person would use", () => {
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(30)).toBe("30 seconds");
    expect(formatWait(61)).toBe("2 minutes");
    expect(formatWait(900)).toBe("15 minutes");
    expect(formatWait(3600)).toBe("1 hour");
  });
});
