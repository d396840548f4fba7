const day = 24 * 3600;

/** Lifetimes offered for a new API key; "never" sends no ttlSeconds. */
export const expiryOptions = [
  { value: "never", label: "Never", seconds: undefined },
  { value: "1d", label: "1 day", seconds: day },
  { value: "7d", label: "7 days", seconds: 7 * day },
  { value: "30d", label: "30 days", seconds: 30 * day },
  { value: "90d", label: "90 days", seconds: 90 * day },
  { value: "365d", label: "1 year", seconds: 365 * day },
] as const;

export function expirySeconds(value: string): number | undefined {
  return expiryOptions.find((option) => option.value === value)?.seconds;
}
