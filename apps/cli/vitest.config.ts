import { engineProjects } from "@pyroscope-auth/db/testing/engine-projects";
import { definePreset } from "@pyroscope-auth/vitest-config";

// Every test runs on SQLite; the commands' tests once more on PostgreSQL. The config, output
// and SQLite-file tests are the same on both, and replicas-on-postgres starts its own servers.
// Two files at a time (vitest would run one on two cores): most of a test is waiting for the
// command's process, and one test waits out a locked database.
export default definePreset({
  test: { maxWorkers: 2, projects: engineProjects(["src/*.test.ts"]) },
});
