import {
  type Config,
  createDeviceTokens,
  type DeviceTokens,
  maxConcurrentHashes,
  startHashProcess,
} from "@pyroscope-auth/auth-core";
import {
  checkBuiltInAdmin,
  checkDatabaseUrl,
  createServiceDeps,
  type Database,
  loadJwtSecret,
  type MigrationOutcome,
  mayBeFirstLaunch,
  migrateDatabase,
  openDatabase,
  type ServiceDeps,
  type ServiceDepsOptions,
} from "@pyroscope-auth/db";
import { createSessionTokens, type SessionTokens } from "./identity/session-token.js";

/** Everything a request needs that lives as long as the server. */
export interface AppServices {
  readonly config: Config;
  /** Its `database` is the one every request works in. */
  readonly deps: ServiceDeps;
  readonly tokens: SessionTokens;
  /** The device cookies of clients that signed in before (see login throttling). */
  readonly devices: DeviceTokens;
}

/**
 * The values only a start looks at, checked without touching anything (--print-config runs it
 * too): the database URL, and on a first launch the admin block, so that a bad value leaves no
 * database file behind (migrateDatabase checks that block again, before writing).
 */
export function checkStartConfig(config: Config): void {
  checkDatabaseUrl(config);
  if (config["auth.internal.admin.create"] && mayBeFirstLaunch(config)) checkBuiltInAdmin(config);
}

/** Opens and migrates the database (creating the first admin on first launch) and wires the services. */
export async function createAppServices(
  config: Config,
  options: ServiceDepsOptions = {},
): Promise<{ services: AppServices; migration: MigrationOutcome; close(): Promise<void> }> {
  // Hashing at low priority keeps a login flood from slowing every other request.
  const hashProcess = startHashProcess({ threads: maxConcurrentHashes(config) });
  let database: Database;
  try {
    checkStartConfig(config);
    database = await openDatabase(config);
  } catch (error) {
    await hashProcess.close();
    throw error;
  }
  try {
    const deps = createServiceDeps(config, database, { ...options, argon2: hashProcess });
    const migration = await migrateDatabase(deps);
    const secret = await loadJwtSecret(database.fork(), deps);
    const tokens = await createSessionTokens(secret);
    const devices = createDeviceTokens(secret);
    return {
      services: { config, deps, tokens, devices },
      migration,
      async close() {
        await database.close();
        await hashProcess.close();
      },
    };
  } catch (error) {
    await database.close();
    await hashProcess.close();
    throw error;
  }
}
