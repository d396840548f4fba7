import { describe, expect, it } from "vitest";
import { readableLine } from "./log-readable.js";

describe("readableLine", () => {
  it("shows time, level, message and the other fields as key=value", () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.parse("2026-12-07T10:11:12.345Z"),
      pid: 1,
      hostname: "vm",
      reqId: "req-1",
      method: "GET",
      path: "/auth/trpc/user.me",
      status: 200,
      error: { message: "two words" },
      msg: "request",
    });
    expect(readableLine(`${line}\n`)).toBe(
      '10:11:12.345 WARN  request method=GET path=/auth/trpc/user.me status=200 error={"message":"two words"}\n',
    );
  });

  it("leaves a line that is not pino's as it is", () => {
    expect(readableLine("plain text\n")).toBe("plain text\n");
    expect(readableLine('{"no":"time"}\n')).toBe('{"no":"time"}\n');
  });
});
