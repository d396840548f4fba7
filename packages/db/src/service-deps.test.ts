import { type Argon2Runner, loadConfig } from "@pyroscope-auth/auth-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { openDatabase } from "./open-database.js";
import { createServiceDeps } from "./service-deps.js";

const storedHash = "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$c29tZWhhc2hzb21laGFzaA";
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A runner whose verifies wait until the test lets them finish, to count what it was handed. */
function heldRunner(jobsPerThread?: number) {
  const held: Array<() => void> = [];
  const runner: Argon2Runner = {
    hash: async () => storedHash,
    verify: () => new Promise<boolean>((resolve) => held.push(() => resolve(true))),
    ...(jobsPerThread === undefined ? {} : { jobsPerThread }),
  };
  /** Lets every held verify finish, and those that took their places after them. */
  const finishAll = async () => {
    while (held.length > 0) {
      for (const finish of held.splice(0)) finish();
      await settle();
    }
  };
  return { runner, held, finishAll };
}

describe("createServiceDeps", () => {
  const config = loadConfig({
    argv: [
      "--database.url=:memory:",
      "--auth.password-hash.max-concurrent=2",
      "--auth.password-hash.max-queued=10",
    ],
    env: {},
  }).config;
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase(config);
  });
  afterAll(async () => {
    await database.close();
  });

  it("hands the hashing process one waiting job beside each running one, and no more", async () => {
    const { runner, held, finishAll } = heldRunner(2);
    const { hasher } = createServiceDeps(config, database, { argon2: runner });
    const checks = Array.from({ length: 6 }, () => hasher.verify(storedHash, "password"));
    await settle();
    expect(held).toHaveLength(4);
    held.shift()?.();
    expect(await checks[0]).toBe(true);
    await settle();
    // The fifth took the freed place; the sixth still waits in the server's queue.
    expect(held).toHaveLength(4);
    await finishAll();
    expect(await Promise.all(checks)).toEqual(Array(6).fill(true));
  });

  it("hands a runner that queues nothing (the CLI's, in-process) one job per hash", async () => {
    const { runner, held, finishAll } = heldRunner();
    const { hasher } = createServiceDeps(config, database, { argon2: runner });
    const checks = Array.from({ length: 3 }, () => hasher.verify(storedHash, "password"));
    await settle();
    expect(held).toHaveLength(2);
    await finishAll();
    expect(await Promise.all(checks)).toEqual(Array(3).fill(true));
  });
});
