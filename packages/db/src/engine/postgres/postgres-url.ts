import { ConfigError } from "@pyroscope-auth/auth-core";

export interface PostgresTarget {
  /** For the driver, credentials included. */
  readonly clientUrl: string;
  /** For messages: `host:port/database`, never a user name or password. */
  readonly where: string;
}

/**
 * Reads a `postgres://user:password@host:port/database?sslmode=…` URL. The URL carries
 * credentials, so no message repeats it; a missing host or database name stops the start.
 */
export function postgresTarget(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(
      "database.url: not a valid PostgreSQL URL (postgres://user:password@host:5432/database)",
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!parsed.hostname || !database || database.includes("/"))
    throw new ConfigError(
      "database.url: a PostgreSQL URL names a host and a database (postgres://user:password@host:5432/database)",
    );
  return { clientUrl: url, where: `${parsed.hostname}:${parsed.port || "5432"}/${database}` };
}
