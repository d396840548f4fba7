import type { EntityManager } from "@mikro-orm/core";
import {
  type Argon2Runner,
  type Config,
  createConcurrencyLimit,
  createPasswordHasher,
  createUserSchemas,
  maxConcurrentHashes,
  type PasswordHasher,
  type PasswordPolicy,
  type Role,
  type UserSchemas,
} from "@pyroscope-auth/auth-core";
import { loadCommonPasswords } from "@pyroscope-auth/auth-core/common-passwords";
import type { Database } from "./database.js";
import { createThrottleState, type ThrottleState } from "./services/login-throttle.js";

/** Long-lived collaborators of the services, built once per process from the config. */
export interface ServiceDeps {
  readonly config: Config;
  readonly database: Database;
  readonly policy: PasswordPolicy;
  readonly schemas: UserSchemas;
  readonly hasher: PasswordHasher;
  readonly now: () => Date;
  /** The login throttle's bookkeeping of this process (its counters are in the database). */
  readonly throttle: ThrottleState;
}

export interface ServiceDepsOptions {
  /** Tests move time forward instead of sleeping. */
  readonly now?: () => Date;
  /** Where argon2 runs; the server passes its low-priority hashing process, the CLI none. */
  readonly argon2?: Argon2Runner;
}

export function createServiceDeps(
  config: Config,
  database: Database,
  options: ServiceDepsOptions = {},
): ServiceDeps {
  const policy: PasswordPolicy = {
    minLength: config["auth.internal.password-min-length"],
    commonPasswords: loadCommonPasswords(),
  };
  const limit = createConcurrencyLimit({
    maxConcurrent: maxConcurrentHashes(config) * (options.argon2?.jobsPerThread ?? 1),
    maxQueued: config["auth.password-hash.max-queued"],
  });
  const hasher = createPasswordHasher(
    {
      memoryCost: config["auth.password-hash.memory-kib"],
      timeCost: config["auth.password-hash.iterations"],
      parallelism: config["auth.password-hash.parallelism"],
    },
    limit,
    options.argon2,
  );
  return {
    config,
    database,
    policy,
    schemas: createUserSchemas(policy),
    hasher,
    now: options.now ?? (() => new Date()),
    throttle: createThrottleState(),
  };
}

/** Who is acting, for permission rules (self-protection) and the audit trail. */
export type Actor =
  | { readonly kind: "user"; readonly id: number; readonly name: string; readonly role: Role }
  | { readonly kind: "api-key"; readonly id: number; readonly name: string; readonly role: Role }
  | { readonly kind: "cli" }
  | { readonly kind: "anonymous" }
  | { readonly kind: "system" };

/** One request or one CLI command: its own EntityManager fork, its actor and its client. */
export interface ServiceContext {
  readonly em: EntityManager;
  readonly deps: ServiceDeps;
  readonly actor: Actor;
  readonly clientIp?: string | undefined;
  readonly userAgent?: string | undefined;
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.name;
    case "api-key":
      return `api-key:${actor.name}`;
    default:
      return actor.kind;
  }
}
