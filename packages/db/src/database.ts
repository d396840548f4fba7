import type { EntityManager } from "@mikro-orm/core";
import type { DbFailure } from "./db-failure.js";
import type { UserDto } from "./dto.js";
import type { Orm } from "./open-orm.js";
import type { SessionRecord } from "./session-record.js";

/**
 * The reads every request or sign-in makes, by key, which each engine answers the fastest way
 * it has (SQLite: statements prepared once on a read-only connection of their own).
 */
export interface FastReads {
  /** The session stored under `digest`, joined with its user. */
  sessionByDigest(digest: string): Promise<SessionRecord | undefined>;
  /** The user named exactly `name`, with the stored password hash ("" for an external user). */
  userForSignIn(name: string): Promise<{ user: UserDto; passwordHash: string } | undefined>;
}

/** Why the database cannot serve right now, for /healthz and for the operator's log. */
export interface DatabaseTrouble {
  /** /healthz's `status`. */
  readonly status: string;
  /** One line for the error log: what happened and what to do. */
  readonly detail: string;
}

/**
 * One open database, whatever the engine: the apps see this and nothing of the engine behind
 * it (no file path, driver, connection or engine error code).
 */
export interface Database {
  readonly engine: "sqlite" | "postgresql";
  /** Where the data lives, for messages to the operator (never a credential). */
  readonly where: string;
  /** A unit of work of its own: one request or one command. */
  fork(): EntityManager;
  readonly reads: FastReads;
  /**
   * What a select ends with to lock the rows it reads until the commit: " for update" where the
   * engine has row locks, "" on SQLite, whose one writer at a time makes them needless.
   */
  readonly lockRows: string;
  /**
   * Holds a lock on each of `names` until `em`'s transaction ends, so that transactions on the
   * same names run one after another in every process: PostgreSQL's advisory locks (what
   * does not exist yet, a first counter, cannot be row-locked); nothing on SQLite, whose
   * writers already take turns (and a transaction that read before another's commit is run
   * again, see inTransaction).
   */
  lockNames(em: EntityManager, names: readonly string[]): Promise<void>;
  /** What an error from a statement means, in the engine-neutral terms of DbFailure. */
  failure(error: unknown): DbFailure | undefined;
  /** What keeps it from serving now (asked by /healthz), if anything. */
  trouble(): Promise<DatabaseTrouble | undefined>;
  /** What the operator should know at start (who else may read it). */
  warnings(): string[];
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * Refuse a database that no server has set up (the CLI: a mistyped --storage-path must not
   * "reset" a password in a new, empty database), throwing MissingDatabaseError.
   */
  readonly existing?: boolean;
}

const orms = new WeakMap<Database, Orm>();

/** The ORM behind a database, for this package's migrations and tests only. */
export function ormOf(database: Database): Orm {
  const orm = orms.get(database);
  if (!orm) throw new Error("not a database opened by openDatabase");
  return orm;
}

/** Called by the engine that opened `database`. */
export function registerOrm(database: Database, orm: Orm): void {
  orms.set(database, orm);
}

/** The configured database is not there, or no server has set it up yet. */
export class MissingDatabaseError extends Error {
  override readonly name = "MissingDatabaseError";
}
