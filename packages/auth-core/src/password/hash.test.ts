import { describe, expect, it } from "vitest";
import { createConcurrencyLimit } from "./concurrency-limit.js";
import { createPasswordHasher, owaspHashParams } from "./hash.js";

const limit = () => createConcurrencyLimit({ maxConcurrent: 2, maxQueued: 100 });
const hasher = createPasswordHasher(owaspHashParams, limit());

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function elapsed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

describe("password hasher", () => {
  it("produces argon2id PHC strings with the OWASP parameters", async () => {
    const hash = await hasher.hash("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(hash).not.toContain("correct horse");
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hasher.hash("correct horse battery");
    expect(await hasher.verify(hash, "correct horse battery")).toBe(true);
    expect(await hasher.verify(hash, "correct horse batterY")).toBe(false);
    expect(await hasher.verify(hash, "correct horse battery ")).toBe(false);
  });

  it("never truncates: a difference at byte 250 matters", async () => {
    const long = "x".repeat(249);
    const hash = await hasher.hash(`${long}a`);
    expect(await hasher.verify(hash, `${long}b`)).toBe(false);
  });

  it("treats NFC and NFD spellings of a password as the same", async () => {
    const hash = await hasher.hash("caf\u00e9-au-lait");
    expect(await hasher.verify(hash, "cafe\u0301-au-lait")).toBe(true);
  });

  it("answers false for a stored value that is not a hash", async () => {
    expect(await hasher.verify("not-a-hash", "x")).toBe(false);
    expect(await hasher.verify("", "x")).toBe(false);
  });

  it("asks for a rehash when the algorithm or parameters change", async () => {
    const hash = await hasher.hash("correct horse battery");
    expect(hasher.needsRehash(hash)).toBe(false);
    const stronger = createPasswordHasher({ ...owaspHashParams, timeCost: 3 }, limit());
    expect(stronger.needsRehash(hash)).toBe(true);
    expect(hasher.needsRehash(hash.replace("$argon2id$", "$argon2i$"))).toBe(true);
    expect(hasher.needsRehash("$2b$10$bcrypthashbcrypthashbcrypthashbcrypthashbcrypthash12")).toBe(
      true,
    );
  });

  it("spends about as long on a dummy verify as on a real one", async () => {
    const hash = await hasher.hash("correct horse battery");
    await hasher.dummyVerify("warm-up");
    // Interleaved, so that load from other test processes hits both sides alike.
    const real: number[] = [];
    const dummy: number[] = [];
    for (let round = 0; round < 9; round++) {
      real.push(await elapsed(() => hasher.verify(hash, "wrong password")));
      dummy.push(await elapsed(() => hasher.dummyVerify("wrong password")));
    }
    const ratio = median(dummy) / median(real);
    expect(await hasher.dummyVerify("anything")).toBe(false);
    // Same order of magnitude; the attack (DESIGN rule 1) is a 100× gap from skipping the hash.
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });

  it("runs under the limit it was given", async () => {
    const busy = createPasswordHasher(
      owaspHashParams,
      createConcurrencyLimit({ maxConcurrent: 1, maxQueued: 0 }),
    );
    const results = await Promise.allSettled([
      busy.hash("a-password-1"),
      busy.hash("a-password-2"),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
  });
});
