import { definePreset } from "@pyroscope-auth/vitest-config";
import { configDefaults } from "vitest/config";

// The contract suite runs once per engine: every test on SQLite, and all but the SQLite
// engine's own on a throwaway PostgreSQL server that the postgresql project starts.
export default definePreset({
  test: {
    projects: [
      { extends: true, test: { name: "sqlite" } },
      {
        extends: true,
        test: {
          name: "postgresql",
          exclude: [...configDefaults.exclude, "src/engine/sqlite/**"],
          globalSetup: ["src/testing/postgres-global-setup.ts"],
        },
      },
    ],
  },
});
