import type { Migration } from "@mikro-orm/migrations";
import { InitialSchema } from "./20261127000000-initial-schema.js";
import { ActiveSessionsIndex } from "./20261127100000-active-sessions-index.js";
import { ApiKeyCreators } from "./20261207000000-api-key-creators.js";
import { UserNameLooks } from "./20261207100000-user-name-looks.js";
import { SignInInServices } from "./20261207200000-sign-in-in-services.js";
import { SecondFactor } from "./20261207400000-second-factor.js";

/**
 * Every migration, in order. Listed statically rather than discovered from disk so that the
 * same code runs from src (vitest) and dist (node) without globbing or CommonJS emit.
 */
export const migrationsList: {
  name: string;
  class: new (...args: ConstructorParameters<typeof Migration>) => Migration;
}[] = [
  { name: "20261127000000-initial-schema", class: InitialSchema },
  { name: "20261127100000-active-sessions-index", class: ActiveSessionsIndex },
  { name: "20261207000000-api-key-creators", class: ApiKeyCreators },
  { name: "20261207100000-user-name-looks", class: UserNameLooks },
  { name: "20261207200000-sign-in-in-services", class: SignInInServices },
  { name: "20261207400000-second-factor", class: SecondFactor },
];
