import { engineProjects } from "@pyroscope-auth/db/testing/engine-projects";
import { definePreset } from "@pyroscope-auth/vitest-config";

// Every test runs on SQLite; the database-facing ones (each procedure, sessions and the
// gateway's credentials) once more on PostgreSQL. SQLite only: the server process, its V8
// settings and the SQLite file tests, the pure HTTP and log helpers, and the replica and outage
// tests that start PostgreSQL servers of their own. Two files at a time: on two cores vitest
// would run one, and these wait on sockets and databases as much as they compute.
export default definePreset({
  test: {
    maxWorkers: 2,
    projects: engineProjects([
      "src/main.test.ts",
      "src/young-requests.test.ts",
      "src/http/**",
      "src/log-*.test.ts",
      "src/gateway/{base-path,streaming}.test.ts",
      "src/database-outage.test.ts",
      "src/replicas.test.ts",
    ]),
  },
});
