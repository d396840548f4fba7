// Shared vitest settings. Under CI each package also writes a JSON report that
// tooling/scripts/test-summary.mjs sums into the closing "N passed, N failed" line.
import { defineConfig, mergeConfig } from "vitest/config";

/** @param {import("vitest/config").ViteUserConfig} overrides */
export function definePreset(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
        reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
        testTimeout: 60_000,
        hookTimeout: 60_000,
      },
    }),
    overrides,
  );
}
