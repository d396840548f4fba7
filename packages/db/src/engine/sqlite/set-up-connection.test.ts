import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sqlite3 from "sqlite3";
import { describe, expect, it } from "vitest";
import { setUpConnection } from "./set-up-connection.js";

const opened = (file: string) =>
  new Promise<sqlite3.Database>((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(db)));
  });

const journalMode = (db: sqlite3.Database) =>
  new Promise<unknown>((resolve, reject) =>
    db.get("pragma journal_mode", (error, row) => (error ? reject(error) : resolve(row))),
  );

describe("setUpConnection", () => {
  it("turns a new file to WAL from two connections at once, every time", async () => {
    // Without the retry about one round in 25 fails here (SQLITE_BUSY), so that all 300 would
    // pass by chance about once in 200,000 runs.
    const failures: unknown[] = [];
    for (let round = 0; round < 300; round++) {
      const folder = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
      const file = join(folder, "pyroscope.sqlite3");
      closeSync(openSync(file, "w", 0o600));
      const connections = await Promise.all([opened(file), opened(file)]);
      const outcomes = await Promise.allSettled(connections.map((db) => setUpConnection(db, 5000)));
      for (const outcome of outcomes)
        if (outcome.status === "rejected") failures.push(outcome.reason);
      expect(await journalMode(connections[0] as sqlite3.Database)).toEqual({
        journal_mode: "wal",
      });
      for (const db of connections) await new Promise((resolve) => db.close(resolve));
      rmSync(folder, { recursive: true });
    }
    expect(failures).toEqual([]);
  });
});
