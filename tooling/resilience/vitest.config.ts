import { engineProjects } from "@pyroscope-auth/db/testing/engine-projects";
import { definePreset } from "@pyroscope-auth/vitest-config";

// Each file drives its own server process; running them one at a time keeps the 2 cores for
// the server under test, so that timings and resource figures mean something. The fuzz, race
// and crash files run once more with the servers on PostgreSQL; the soak's figures are SQLite's.
export default definePreset({
  test: {
    fileParallelism: false,
    testTimeout: 120_000,
    projects: engineProjects(["src/soak.test.ts"]),
  },
});
