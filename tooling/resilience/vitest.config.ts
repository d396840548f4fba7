import { definePreset } from "@pyroscope-auth/vitest-config";

// Each file drives its own server process; running them one at a time keeps the 2 cores for
// the server under test, so that timings and resource figures mean something.
export default definePreset({ test: { fileParallelism: false, testTimeout: 120_000 } });
