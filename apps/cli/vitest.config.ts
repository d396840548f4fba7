import { engineProjects } from "@pyroscope-auth/db/testing/engine-projects";
import { definePreset } from "@pyroscope-auth/vitest-config";

// Every test runs on SQLite; the commands' tests once more on PostgreSQL. The config, output
// and SQLite-file tests are the same on both, and replicas-on-postgres starts its own servers.
export default definePreset({ test: { projects: engineProjects(["src/*.test.ts"]) } });
