const levels: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO ",
  40: "WARN ",
  50: "ERROR",
  60: "FATAL",
};

/** Fields every line has, or that the readable form shows in its own place. */
const shown = new Set(["level", "time", "pid", "hostname", "msg", "reqId"]);

function valueText(value: unknown): string {
  return typeof value === "string" && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
}

/**
 * One JSON log line (pino's) as a person at a terminal reads it: time, level, message, then the
 * other fields as key=value. Anything that is not such a line is left as it is.
 */
export function readableLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry !== "object" || entry === null || typeof entry.time !== "number") return line;
  const time = new Date(entry.time).toISOString().slice(11, 23);
  const level = levels[Number(entry.level)] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key]) => !shown.has(key))
    .map(([key, value]) => `${key}=${valueText(value)}`);
  return `${[time, level, String(entry.msg ?? ""), ...fields].join(" ").trimEnd()}\n`;
}
