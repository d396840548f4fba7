import { MikroORM } from "@mikro-orm/sqlite";
import type { Config } from "@pyroscope-auth/auth-core";
import { databaseLocation } from "./database-location.js";
import { ormOptions } from "./mikro-orm.config.js";

export type Orm = MikroORM;

/** Opens the configured database (creating its folder). Call migrateDatabase before use. */
export function createOrm(config: Config): Promise<Orm> {
  return MikroORM.init(ormOptions(databaseLocation(config)));
}
