import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../testing/test-database.js";
import { openWalIndexStamp, type WalIndexStamp } from "./wal-index-stamp.js";

let db: TestDatabase | undefined;
let stamp: WalIndexStamp | undefined;
afterEach(async () => {
  stamp?.close();
  stamp = undefined;
  await db?.close();
  db = undefined;
});

const sqlite3Module = createRequire(import.meta.url).resolve("sqlite3");

/** `sql` committed by another process, as the CLI would. */
async function commitElsewhere(file: string, sql: string) {
  const script = `
    const sqlite3 = require(${JSON.stringify(sqlite3Module)});
    const db = new sqlite3.Database(${JSON.stringify(file)});
    db.exec(${JSON.stringify(sql)}, (error) => { if (error) throw error; db.close(); });`;
  const child = spawn(process.execPath, ["-e", script], { stdio: "inherit" });
  const [code] = await once(child, "exit");
  expect(code).toBe(0);
}

async function openOnDatabase() {
  db = await openTestDatabase({ file: true });
  const file = join(db.storagePath, "pyroscope.sqlite3");
  stamp = openWalIndexStamp(file);
  if (!stamp) throw new Error("no WAL index beside the database");
  return { file, stamp };
}

/** A WAL index file holding `header` twice, then `second` in place of its second copy. */
function walIndexFile(first: Buffer, second = first) {
  const file = join(mkdtempSync(join(tmpdir(), "wal-index-")), "db");
  writeFileSync(file, "");
  writeFileSync(`${file}-shm`, Buffer.concat([first, second, Buffer.alloc(32_768)]));
  return file;
}

const builtHeader = (change: number) => {
  const header = Buffer.alloc(48);
  header.writeUInt32LE(3007000, 0);
  header.writeUInt32LE(change, 8);
  header[12] = 1;
  return header;
};

describe("the WAL index stamp", () => {
  it("stays the same while nothing is committed, and moves with a commit of this process", async () => {
    const { stamp } = await openOnDatabase();
    const before = stamp.read();
    expect(before).toBeDefined();
    await db?.orm.em.fork().getConnection().execute("select count(*) from users");
    expect(stamp.read()).toBe(before);
    await db?.orm.em.fork().getConnection().execute("update users set full_name = 'Ada'");
    expect(stamp.read()).not.toBe(before);
  });

  it("moves with a commit of another process", async () => {
    const { file, stamp } = await openOnDatabase();
    const before = stamp.read();
    await commitElsewhere(file, "update users set full_name = 'Ada'");
    expect(stamp.read()).not.toBe(before);
  });

  it("is not known once closed, while another stamp of the same file still reads", async () => {
    const { file, stamp } = await openOnDatabase();
    const other = openWalIndexStamp(file);
    const before = other?.read();
    other?.close();
    other?.close();
    expect(other?.read()).toBeUndefined();
    expect(stamp.read()).toBe(before);
  });

  it("is not known while the index is not built or its two copies differ (a writer midway)", () => {
    const unbuilt = builtHeader(1);
    unbuilt[12] = 0;
    stamp = openWalIndexStamp(walIndexFile(unbuilt));
    expect(stamp?.read()).toBeUndefined();
    stamp?.close();
    stamp = openWalIndexStamp(walIndexFile(builtHeader(2), builtHeader(1)));
    expect(stamp?.read()).toBeUndefined();
    stamp?.close();
    stamp = openWalIndexStamp(walIndexFile(builtHeader(2)));
    expect(stamp?.read()).toBe(builtHeader(2).toString("latin1"));
  });

  it("does not exist without a WAL index file", () => {
    expect(openWalIndexStamp(join(tmpdir(), "no-such-database"))).toBeUndefined();
    const truncated = join(mkdtempSync(join(tmpdir(), "wal-index-")), "db");
    writeFileSync(truncated, "");
    writeFileSync(`${truncated}-shm`, Buffer.alloc(10));
    stamp = openWalIndexStamp(truncated);
    expect(stamp?.read()).toBeUndefined();
  });
});
