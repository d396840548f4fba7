import { definePreset } from "@pyroscope-auth/vitest-config";

export default definePreset({
  test: { include: ["vite-plugins/**/*.test.ts"] },
});
