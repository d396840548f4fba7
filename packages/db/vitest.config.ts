import { definePreset } from "@pyroscope-auth/vitest-config";
import { engineProjects } from "./src/testing/engine-projects.js";

// The contract suite runs once per engine: the SQLite engine's own tests on SQLite only.
export default definePreset({ test: { projects: engineProjects(["src/engine/sqlite/**"]) } });
