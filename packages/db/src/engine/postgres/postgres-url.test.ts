import { ConfigError } from "@pyroscope-auth/auth-core";
import { describe, expect, it } from "vitest";
import { postgresTarget } from "./postgres-url.js";

describe("a PostgreSQL database.url", () => {
  it("is named by host, port and database only", () => {
    expect(
      postgresTarget("postgres://auth:s3cret@db.internal:6543/pyroscope?sslmode=require"),
    ).toEqual({
      clientUrl: "postgres://auth:s3cret@db.internal:6543/pyroscope?sslmode=require",
      where: "db.internal:6543/pyroscope",
    });
    expect(postgresTarget("postgresql://127.0.0.1/auth").where).toBe("127.0.0.1:5432/auth");
  });

  it.each([
    "postgres://",
    "postgres://auth:s3cret@db.internal:5432/",
    "postgres://auth:s3cret@db.internal",
    "postgres://auth:s3cret@db.internal/a/b",
    "postgres://auth:s3cret@[::1/x",
  ])("refuses %s without repeating it", (url) => {
    let thrown: unknown;
    try {
      postgresTarget(url);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(String((thrown as Error).message)).not.toContain("s3cret");
  });
});
