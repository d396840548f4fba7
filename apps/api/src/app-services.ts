import { existsSync } from "node:fs";
import {
  type Config,
  createDeviceTokens,
  type DeviceTokens,
  maxConcurrentHashes,
  startHashProcess,
} from "@pyroscope-auth/auth-core";
import {
  checkBuiltInAdmin,
  createOrm,
  createServiceDeps,
  databaseLocation,
  type HotPath,
  loadJwtSecret,
  type MigrationOutcome,
  migrateDatabase,
  type Orm,
  openHotPath,
  type ServiceDeps,
  type ServiceDepsOptions,
  watchDatabaseFile,
} from "@pyroscope-auth/db";
import { createSessionTokens, type SessionTokens } from "./identity/session-token.js";

/** Everything a request needs that lives as long as the server. */
export interface AppServices {
  readonly config: Config;
  readonly deps: ServiceDeps;
  readonly orm: Orm;
  readonly hotPath: HotPath;
  readonly tokens: SessionTokens;
  /** The device cookies of clients that signed in before (see login throttling). */
  readonly devices: DeviceTokens;
  /** False once the database file has been removed or replaced under the running server. */
  readonly databaseFileInPlace: () => boolean;
}

/**
 * The values only a start looks at, checked without touching anything (--print-config runs it
 * too): the database URL, and on a first launch the admin block, so that a bad value leaves no
 * database file behind (migrateDatabase checks that block again, before writing).
 */
export function checkStartConfig(config: Config): void {
  if (config["auth.internal.admin.create"] && !existsSync(databaseLocation(config)))
    checkBuiltInAdmin(config);
}

/** Opens and migrates the database (creating the first admin on first launch) and wires the services. */
export async function createAppServices(
  config: Config,
  options: ServiceDepsOptions = {},
): Promise<{ services: AppServices; migration: MigrationOutcome; close(): Promise<void> }> {
  // Hashing at low priority keeps a login flood from slowing every other request.
  const hashProcess = startHashProcess({ threads: maxConcurrentHashes(config) });
  const deps = createServiceDeps(config, { ...options, argon2: hashProcess });
  let orm: Orm;
  try {
    checkStartConfig(config);
    orm = await createOrm(config);
  } catch (error) {
    await hashProcess.close();
    throw error;
  }
  let openedHotPath: HotPath | undefined;
  try {
    const databaseFileInPlace = watchDatabaseFile(databaseLocation(config));
    const migration = await migrateDatabase(orm, deps);
    const hotPath = await openHotPath(orm);
    openedHotPath = hotPath;
    const secret = await loadJwtSecret(orm.em.fork(), deps);
    const tokens = await createSessionTokens(secret);
    const devices = createDeviceTokens(secret);
    return {
      services: { config, deps, orm, hotPath, tokens, devices, databaseFileInPlace },
      migration,
      async close() {
        await hotPath.close();
        await orm.close();
        await hashProcess.close();
      },
    };
  } catch (error) {
    await openedHotPath?.close();
    await orm.close();
    await hashProcess.close();
    throw error;
  }
}
