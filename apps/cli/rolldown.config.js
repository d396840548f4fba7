import { defineNodeEntry } from "@pyroscope-auth/bundle-config";

export default defineNodeEntry("src/main.ts");
