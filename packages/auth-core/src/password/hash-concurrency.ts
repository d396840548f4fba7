import { availableParallelism } from "node:os";
import type { Config } from "../config/schema.js";

/**
 * How many hashes may run at once: `auth.password-hash.max-concurrent`, or one per core. The
 * login queue's bound and the hashing process's thread count both follow it.
 */
export function maxConcurrentHashes(config: Config): number {
  return config["auth.password-hash.max-concurrent"] || availableParallelism();
}
