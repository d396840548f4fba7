/** The original's roles. Agent exists for API keys that only ingest profiles. */
export const roles = ["Admin", "ReadOnly", "Agent"] as const;

export type Role = (typeof roles)[number];

/** Case-insensitive, as the original's config and API accept `admin` or `readonly`. */
export function parseRole(value: string): Role | undefined {
  const wanted = value.toLowerCase();
  return roles.find((role) => role.toLowerCase() === wanted);
}
