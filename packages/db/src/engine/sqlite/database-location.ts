import { join } from "node:path";
import { type Config, ConfigError } from "@pyroscope-auth/auth-core";

/**
 * Where the SQLite database lives: `database.url` when set (`sqlite:/path/file.db`,
 * `file:/path`, or `:memory:`), otherwise `<storage-path>/pyroscope.sqlite3`.
 */
export function databaseLocation(config: Config): string {
  const url = config["database.url"];
  if (!url) return join(config["storage-path"], "pyroscope.sqlite3");
  if (url === ":memory:") return url;
  const match = /^(?:sqlite|file):(?:\/\/)?(.+)$/.exec(url);
  // The URL may carry credentials, so it is never echoed.
  if (!match?.[1]) {
    throw new ConfigError(
      'database.url: neither an SQLite file ("sqlite:/path/to/file.db", ":memory:") nor a PostgreSQL URL ("postgres://user:password@host:5432/database")',
    );
  }
  return match[1];
}
