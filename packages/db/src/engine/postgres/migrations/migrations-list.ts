import type { Migration } from "@mikro-orm/migrations";
import { PostgresInitialSchema } from "./20261207300000-initial-schema.js";
import { PostgresSecondFactor } from "./20261207400000-second-factor.js";

/** PostgreSQL's migrations, in order (see the SQLite list for why they are listed statically). */
export const postgresMigrations: {
  name: string;
  class: new (...args: ConstructorParameters<typeof Migration>) => Migration;
}[] = [
  { name: "20261207300000-initial-schema", class: PostgresInitialSchema },
  { name: "20261207400000-second-factor", class: PostgresSecondFactor },
];
