import { loadConfig } from "@pyroscope-auth/auth-core";
import { describe, expect, it } from "vitest";
import { databaseLocation } from "./database-location.js";

const locate = (...argv: string[]) => databaseLocation(loadConfig({ argv, env: {} }).config);

describe("databaseLocation", () => {
  it("is <storage-path>/pyroscope.sqlite3 by default", () => {
    expect(locate()).toBe("/var/lib/pyroscope/pyroscope.sqlite3");
    expect(locate("--storage-path=/data")).toBe("/data/pyroscope.sqlite3");
  });

  it("follows database.url for SQLite files and memory", () => {
    expect(locate("--database.url=sqlite:///tmp/a.db")).toBe("/tmp/a.db");
    expect(locate("--database.url=file:/tmp/b.db")).toBe("/tmp/b.db");
    expect(locate("--database.url=:memory:")).toBe(":memory:");
  });

  it("refuses other databases without echoing the URL", () => {
    expect(() => locate("--database.url=mysql://user:hunter2@db/pyroscope")).toThrow(
      'database.url: neither an SQLite file ("sqlite:/path/to/file.db", ":memory:") nor a PostgreSQL URL ("postgres://user:password@host:5432/database")',
    );
  });
});
