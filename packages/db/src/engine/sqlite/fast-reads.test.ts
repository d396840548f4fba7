import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { join } from "node:path";
import sqlite3 from "sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../testing/test-database.js";
import { openFastReads } from "./fast-reads.js";

let db: TestDatabase;
afterEach(async () => {
  await db.close();
});

/** The admin's full name, as a sign-in reads it. */
const fullName = async () => (await db.database.reads.userForSignIn("admin"))?.user.fullName;

const sqlite3Module = createRequire(import.meta.url).resolve("sqlite3");

/**
 * Another process (as the CLI would be) that opens a write transaction, changes the admin's full
 * name and holds it uncommitted until told to commit on its stdin.
 */
async function holdWriteLock(file: string): Promise<{ commit(): Promise<void> }> {
  const script = `
    const sqlite3 = require(${JSON.stringify(sqlite3Module)});
    const db = new sqlite3.Database(${JSON.stringify(file)});
    db.exec("begin immediate; update users set full_name = 'held'", (error) => {
      if (error) throw error;
      process.stdout.write("holding\\n");
      process.stdin.once("data", () => db.exec("commit", () => db.close(() => process.stdout.write("done\\n"))));
    });`;
  const holder = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  const [line] = await once(holder.stdout, "data");
  expect(String(line)).toBe("holding\n");
  return {
    async commit() {
      holder.stdin.write("commit\n");
      await once(holder.stdout, "data");
    },
  };
}

describe("the fast reads", () => {
  it("reads what the ORM's connection has committed", async () => {
    db = await openTestDatabase({ file: true });
    expect(await fullName()).toBeNull();
    await db.orm.em.fork().getConnection().execute("update `users` set `full_name` = 'Ada'");
    expect(await fullName()).toBe("Ada");
  });

  it("reads the last commit while another process holds the write lock, and its commit after", async () => {
    db = await openTestDatabase({ file: true });
    const holder = await holdWriteLock(join(db.storagePath, "pyroscope.sqlite3"));
    const started = performance.now();
    expect(await fullName()).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
    await holder.commit();
    expect(await fullName()).toBe("held");
  });

  it("opens beside a busy connection of this process without disturbing its shared memory", async () => {
    // A reader of another SQLite library took itself for the WAL index's first user and truncated
    // the file the other connection had mapped: this process died of SIGBUS within a second.
    db = await openTestDatabase({ file: true });
    const writer = new sqlite3.Database(join(db.storagePath, "pyroscope.sqlite3"));
    const run = (sql: string, params: unknown[]) =>
      new Promise<void>((resolve, reject) =>
        writer.run(sql, params, (error) => (error ? reject(error) : resolve())),
      );
    let writing = true;
    const writes = (async () => {
      for (let n = 0; writing; n++)
        await run("update users set full_name = ? where name = 'admin'", [`n${n}`]);
    })();
    const until = Date.now() + 1500;
    let reads = 0;
    try {
      while (Date.now() < until) {
        const reader = await openFastReads(db.orm);
        expect((await reader.userForSignIn("admin"))?.user.name).toBe("admin");
        await reader.close();
        reads++;
        // Let the writer's next statement start on the thread pool meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      writing = false;
      await writes;
      await new Promise((resolve) => writer.close(resolve));
    }
    expect(reads).toBeGreaterThan(10);
  });
});
