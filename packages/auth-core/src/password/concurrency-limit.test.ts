import { describe, expect, it } from "vitest";
import { createConcurrencyLimit } from "./concurrency-limit.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("concurrency limit", () => {
  it("runs at most maxConcurrent jobs and queues up to maxQueued", async () => {
    const limit = createConcurrencyLimit({ maxConcurrent: 2, maxQueued: 2 });
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 4 }, deferred);
    const jobs = gates.map((gate) =>
      limit.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
      }),
    );
    await expect(limit.run(async () => "fifth")).rejects.toMatchObject({
      code: "SERVER_BUSY",
      retryAfterSeconds: 1,
    });
    expect(limit.pending).toBe(4);
    for (const gate of gates) gate.resolve();
    await Promise.all(jobs);
    expect(peak).toBe(2);
    expect(limit.pending).toBe(0);
  });

  it("frees the slot when a job fails", async () => {
    const limit = createConcurrencyLimit({ maxConcurrent: 1, maxQueued: 0 });
    await expect(limit.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit.run(async () => "ok")).resolves.toBe("ok");
  });
});
