import { describe, expect, it } from "vitest";
import type { Get } from "../../fast-read-queries.js";
import { readsWhileUnchanged } from "./reads-while-unchanged.js";

/** A database of one value per key, counting its reads, whose stamp the test moves. */
function fakeDatabase() {
  const rows = new Map<string, { value: string }>();
  const state = { stamp: "s1" as string | undefined, reads: 0, clock: 0 };
  let gate: Promise<void> | undefined;
  const get: Get = async <T>(_sql: string, params: unknown[]) => {
    state.reads++;
    const row = rows.get(String(params[0]));
    const held = gate;
    gate = undefined;
    await held;
    return row as T | undefined;
  };
  const cached = readsWhileUnchanged(get, {
    stamp: () => state.stamp,
    maxAgeMs: 1000,
    maxEntries: 2,
    clock: () => state.clock,
  });
  return {
    rows,
    state,
    read: (key: string) => cached<{ value: string }>("select", [key]),
    /** The next read finds its row at once but answers only when the returned call is made. */
    holdNextRead() {
      let resume: () => void = () => undefined;
      gate = new Promise<void>((resolve) => {
        resume = resolve;
      });
      return resume;
    },
  };
}

describe("reads while the database is unchanged", () => {
  it("answers again from memory until the stamp moves, then reads again", async () => {
    const db = fakeDatabase();
    db.rows.set("a", { value: "1" });
    expect(await db.read("a")).toEqual({ value: "1" });
    db.rows.set("a", { value: "2" });
    expect(await db.read("a")).toEqual({ value: "1" });
    expect(db.state.reads).toBe(1);
    db.state.stamp = "s2";
    expect(await db.read("a")).toEqual({ value: "2" });
    expect(db.state.reads).toBe(2);
  });

  it("keeps nothing while the stamp is not known, nor a read that found no row", async () => {
    const db = fakeDatabase();
    db.state.stamp = undefined;
    db.rows.set("a", { value: "1" });
    await db.read("a");
    await db.read("a");
    db.state.stamp = "s1";
    await db.read("missing");
    await db.read("missing");
    expect(db.state.reads).toBe(4);
  });

  it("reads again an answer older than its age limit, stamp unchanged", async () => {
    const db = fakeDatabase();
    db.rows.set("a", { value: "1" });
    await db.read("a");
    db.state.clock = 999;
    await db.read("a");
    expect(db.state.reads).toBe(1);
    db.state.clock = 1000;
    await db.read("a");
    expect(db.state.reads).toBe(2);
  });

  it("does not keep a read that began before a newer stamp was seen", async () => {
    const db = fakeDatabase();
    db.rows.set("a", { value: "old" });
    const resume = db.holdNextRead();
    const slow = db.read("a");
    // Meanwhile a commit, and another read that sees its stamp.
    db.rows.set("a", { value: "new" });
    db.state.stamp = "s2";
    const other = db.read("b");
    resume();
    await Promise.all([slow, other]);
    expect(await db.read("a")).toEqual({ value: "new" });
  });

  it("holds at most its number of entries, dropping the oldest", async () => {
    const db = fakeDatabase();
    for (const key of ["a", "b", "c"]) db.rows.set(key, { value: key });
    await db.read("a");
    await db.read("b");
    await db.read("c");
    expect(db.state.reads).toBe(3);
    await db.read("c");
    await db.read("b");
    expect(db.state.reads).toBe(3);
    await db.read("a");
    expect(db.state.reads).toBe(4);
  });

  it("gives every caller the same frozen answer", async () => {
    const db = fakeDatabase();
    db.rows.set("a", { value: "1" });
    const first = await db.read("a");
    expect(Object.isFrozen(first)).toBe(true);
    expect(await db.read("a")).toBe(first);
  });
});
