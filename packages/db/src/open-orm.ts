import { MikroORM, type Options } from "@mikro-orm/core";
// The SQL drivers' common type, which every MikroORM SQL driver package re-exports.
import type { AbstractSqlDriver } from "@mikro-orm/sqlite";

/** An open ORM, whichever engine's SQL driver it runs. */
export type Orm = MikroORM<AbstractSqlDriver>;

/**
 * What `MikroORM.init` does, less reading the environment: init merges every MIKRO_ORM_*
 * variable, and those of a `.env` file in the working directory, over the options given. A
 * `.env` left there by another project then pointed the CLI at another database file (which it
 * created, with a first-launch admin) or printed every query with its values, password hashes
 * included. This service takes its settings from its own config only. (init's check that all
 * @mikro-orm/* packages have one version is left out too: the lockfile pins them.)
 */
export async function openOrm(options: Options<AbstractSqlDriver>): Promise<Orm> {
  const orm: Orm = new MikroORM(options);
  try {
    await orm.discoverEntities();
    orm.config.getPlatform().init(orm);
    await orm.connect();
    for (const extension of orm.config.get("extensions")) extension.register(orm);
    return orm;
  } catch (error) {
    await orm.close(true).catch(() => undefined);
    throw error;
  }
}
