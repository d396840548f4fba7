import { definePreset } from "@pyroscope-auth/vitest-config";

export default definePreset();
