import { randomBytes } from "node:crypto";
import argon2 from "argon2";
import { isAuthError } from "../errors.js";
import type { ConcurrencyLimit } from "./concurrency-limit.js";
import { normalizePassword } from "./policy.js";

export interface HashParams {
  /** KiB of memory per hash. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export interface Argon2Options extends HashParams {
  readonly type: typeof argon2.argon2id;
}

/** Where the hashes are computed: in this process, or in a child (hash-process.ts). */
export interface Argon2Runner {
  hash(password: string, options: Argon2Options): Promise<string>;
  /** Rejects when `hash` is not a PHC string. */
  verify(hash: string, password: string): Promise<boolean>;
  /** Jobs to hand it at once per hash it runs at once (1 when absent; see startHashProcess). */
  readonly jobsPerThread?: number;
}

const inProcessArgon2: Argon2Runner = {
  hash: (password, options) => argon2.hash(password, options),
  verify: (hash, password) => argon2.verify(hash, password),
};

/** OWASP's argon2id baseline: m=19 MiB, t=2, p=1 (about 20 ms here). */
export const owaspHashParams: HashParams = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * argon2id hashing in PHC strings. Every call goes through `limit` (the one dummy hash made at
 * start excepted), so the caller decides how many hashes may run at once; `owner` (the client's
 * address) is whose turn it is in that queue. Passwords are NFKC-normalised and never truncated.
 */
export function createPasswordHasher(
  params: HashParams,
  limit: ConcurrencyLimit,
  runner: Argon2Runner = inProcessArgon2,
) {
  const options: Argon2Options = { type: argon2.argon2id, ...params };

  // A real hash of a throwaway secret with the current parameters, so that checking a password
  // against an unknown user costs exactly what a real check costs.
  function createDummyHash() {
    // Outside `limit`: made once at start (and after a crash of the hashing process), it must
    // not take the only slot of a `max-queued=0` server and refuse its first real hash.
    const hash = runner.hash(randomBytes(32).toString("hex"), options);
    hash.catch(() => undefined);
    return hash;
  }
  let dummyHash = createDummyHash();

  async function verify(hash: string, password: string, owner?: string): Promise<boolean> {
    try {
      return await limit.run(() => runner.verify(hash, normalizePassword(password)), owner);
    } catch (error) {
      if (isAuthError(error)) throw error;
      // A stored value that is not a PHC string can never match; never crash a login on it.
      return false;
    }
  }

  return {
    hash(password: string, owner?: string): Promise<string> {
      return limit.run(() => runner.hash(normalizePassword(password), options), owner);
    },
    verify,
    /** True when the hash predates the current algorithm or parameters. */
    needsRehash(hash: string): boolean {
      if (!hash.startsWith("$argon2id$")) return true;
      try {
        return argon2.needsRehash(hash, options);
      } catch {
        return true;
      }
    },
    /** Burns one verification's worth of time and answers false. */
    async dummyVerify(password: string, owner?: string): Promise<false> {
      // A failed dummy hash (the hashing process died) is made again rather than kept.
      const hash = await dummyHash.catch(() => {
        dummyHash = createDummyHash();
        return dummyHash;
      });
      await verify(hash, password, owner);
      return false;
    },
  };
}

export type PasswordHasher = ReturnType<typeof createPasswordHasher>;
