import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Screenshots land here; the folder is git-ignored (`test-results/`). */
export const resultsDir = join(repoRoot, "tooling/e2e/test-results");
