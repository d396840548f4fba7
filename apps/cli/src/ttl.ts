import { maxApiKeyTtlSeconds } from "@pyroscope-auth/auth-core";
import { InvalidArgumentError } from "commander";

const unitSeconds: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  y: 31_536_000,
};

/** `--ttl 30d` → seconds; also `90m`, `12h`, `2w`, `1y`, or plain seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d+)([smhdwy]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (unitSeconds[match[2] || "s"] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > maxApiKeyTtlSeconds) {
    throw new InvalidArgumentError(
      "must be a duration like 3600, 90m, 12h, 30d or 1y (at most 10 years)",
    );
  }
  return seconds;
}
