import { fileURLToPath } from "node:url";
import { configDefaults, type TestProjectInlineConfiguration } from "vitest/config";

// Beside this file: built (.js) for the other packages, the source (.ts) in db's own tests.
const extension = import.meta.url.endsWith(".ts") ? "ts" : "js";
const postgresSetup = fileURLToPath(
  new URL(`./postgres-global-setup.${extension}`, import.meta.url),
);

/**
 * The vitest projects that run a package's tests once per engine: every test on SQLite, and all
 * but `sqliteOnly` (globs) again on one throwaway PostgreSQL server for the run, on which each
 * test database is a database of its own (see test-database.ts).
 */
export function engineProjects(sqliteOnly: string[]): TestProjectInlineConfiguration[] {
  return [
    { extends: true, test: { name: "sqlite" } },
    {
      extends: true,
      test: {
        name: "postgresql",
        exclude: [...configDefaults.exclude, ...sqliteOnly],
        globalSetup: [postgresSetup],
      },
    },
  ];
}
