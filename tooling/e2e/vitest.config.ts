import { definePreset } from "@pyroscope-auth/vitest-config";

export default definePreset({
  test: {
    globalSetup: ["src/global-setup.ts"],
    // Each file starts its own server; two at a time is what two cores carry. The files share
    // nothing at module level, so they can share a worker's module cache (playwright-core loads once).
    maxWorkers: 2,
    isolate: false,
    // Generous: CI runs these next to every other package's tests on the same two cores.
    testTimeout: 90_000,
  },
});
