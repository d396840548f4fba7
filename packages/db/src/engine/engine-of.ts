import type { Config } from "@pyroscope-auth/auth-core";
import type { Database } from "../database.js";

/** The engine `database.url` selects: PostgreSQL for postgres:// and postgresql://, else SQLite. */
export function engineOf(config: Config): Database["engine"] {
  return /^postgres(?:ql)?:\/\//i.test(config["database.url"]) ? "postgresql" : "sqlite";
}
