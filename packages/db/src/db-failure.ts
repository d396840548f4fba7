/** The database's own names for what it refused: services turn them into the contract's answers. */
export type DbFailure =
  /** A unique index refused a duplicate: `table.column` of its first column. */
  | { readonly kind: "unique"; readonly constraint: string }
  /** Another writer got there first and nothing was written: run the transaction again. */
  | { readonly kind: "retry" }
  /** A rule the database also guards (SQLite's triggers, of its first migration) refused the change. */
  | { readonly kind: "guard"; readonly rule: "last-enabled-admin" }
  /** No room left to write: the disk, not the request (a database's `failure` tells it). */
  | { readonly kind: "storage-full" }
  /** The database server cannot be reached, or dropped the connection: try again later. */
  | { readonly kind: "unavailable" };
