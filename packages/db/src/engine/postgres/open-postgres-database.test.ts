import { ConfigError, loadConfig } from "@pyroscope-auth/auth-core";
import { describe, expect, inject, it } from "vitest";
import { openDatabase } from "../../open-database.js";

const server = inject("postgresServer");

// On the postgresql project's server only: SQLite's project has none.
describe.runIf(server)("a PostgreSQL database as the apps open it", () => {
  const configFor = (url: string) =>
    loadConfig({ argv: [`--database.url=${url}`], env: {} }).config;

  it("is never created when its name is mistyped, and the answer names it without credentials", async () => {
    const where = `${new URL(server ?? "").host}/no_such_database`;
    const url = `${server}/no_such_database`.replace(
      "postgres://postgres@",
      "postgres://postgres:s3cret@",
    );
    const opening = openDatabase(configFor(url));
    await expect(opening).rejects.toThrow(ConfigError);
    await expect(opening).rejects.toThrow(
      `cannot use the database at ${where}: no such database on that server (create it first: createdb)`,
    );
    await expect(openDatabase(configFor(url))).rejects.not.toThrow("s3cret");
    // Still not there: the second attempt fails the same way.
    await expect(openDatabase(configFor(url))).rejects.toThrow("no such database");
  });

  it("names an unreachable server without credentials", async () => {
    const opening = openDatabase(configFor("postgres://auth:s3cret@127.0.0.1:1/pyroscope"));
    await expect(opening).rejects.toThrow(
      "cannot use the database at 127.0.0.1:1/pyroscope: the server cannot be reached",
    );
  });
});
