const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A duration as the original's config writes it (Go's time.ParseDuration: `30s`, `1m`, `1h30m`,
 * `1.5h`, `300ms`, or `0`), in milliseconds; undefined for anything else.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (value === "0") return 0;
  if (
    !/^(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/.test(value)
  )
    return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g))
    total += Number(amount) * (unitMs[unit as string] ?? 0);
  return total;
}
