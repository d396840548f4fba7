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

  it("lets no owner take the whole queue: a newcomer displaces the heaviest owner's newest job", async () => {
    const limit = createConcurrencyLimit({ maxConcurrent: 1, maxQueued: 4 });
    const gate = deferred();
    const order: string[] = [];
    const job = (name: string) => async () => {
      order.push(name);
      await gate.promise;
    };
    const flood = ["f0", "f1", "f2", "f3", "f4"].map((name) =>
      limit.run(job(name), "10.0.0.66").then(
        () => name,
        (error: { code?: string }) => `${name} ${error.code}`,
      ),
    );
    // The flood holds the slot and the whole queue; another address still gets in.
    const admin = limit.run(job("admin"), "10.0.0.1");
    // The flooding address cannot push its way back in over the newcomer.
    await expect(limit.run(job("f5"), "10.0.0.66")).rejects.toMatchObject({ code: "SERVER_BUSY" });
    gate.resolve();
    await admin;
    expect(await Promise.all(flood)).toEqual(["f0", "f1", "f2", "f3", "f4 SERVER_BUSY"]);
    // Turns alternate between owners: the admin's job waited for one of the flood's, not all.
    expect(order).toEqual(["f0", "f1", "admin", "f2", "f3"]);
  });

  it("gives free slots to waiting owners in turn", async () => {
    const limit = createConcurrencyLimit({ maxConcurrent: 1, maxQueued: 10 });
    const gate = deferred();
    const order: string[] = [];
    const run = (name: string, owner: string) =>
      limit.run(async () => {
        order.push(name);
        await gate.promise;
      }, owner);
    const jobs = [run("a0", "a"), run("a1", "a"), run("a2", "a"), run("b0", "b"), run("c0", "c")];
    gate.resolve();
    await Promise.all(jobs);
    expect(order).toEqual(["a0", "a1", "b0", "c0", "a2"]);
  });
});
