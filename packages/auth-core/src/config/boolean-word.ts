const truthy = new Set(["true", "1", "yes", "on", "t"]);
const falsy = new Set(["false", "0", "no", "off", "f"]);

/** A yes/no word as config values and PYROSCOPE_* variables spell it; undefined for any other. */
export function parseBooleanWord(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (truthy.has(word)) return true;
  if (falsy.has(word)) return false;
  return undefined;
}
