// Vitest's own summary is per package; CI reads one plain closing line summed over all of them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const groups = ["apps", "packages", "tooling"];

/** Every package's vitest JSON report (see tooling/vitest/preset.js). */
export function findReports(root) {
  return groups.flatMap((group) => {
    const dir = join(root, group);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((name) => join(dir, name, ".reports", "vitest.json"))
      .filter((file) => existsSync(file));
  });
}

/** Prints "N passed, N failed" and returns the exit status it implies. */
export function summarize(root) {
  let passed = 0;
  let failed = 0;
  for (const file of findReports(root)) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    passed += report.numPassedTests;
    // A file that failed to load has no failed tests but must still count as a failure.
    failed += report.numFailedTests || report.numFailedTestSuites;
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}
