import { definePreset } from "@pyroscope-auth/vitest-config";
import { engineProjects } from "./src/testing/engine-projects.js";

// The contract suite runs once per engine: the SQLite engine's own tests on SQLite only. Two
// files at a time (vitest would run one on two cores): the PostgreSQL half waits on its server.
export default definePreset({
  test: { maxWorkers: 2, projects: engineProjects(["src/engine/sqlite/**"]) },
});
