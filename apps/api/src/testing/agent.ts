import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The real @pyroscope/nodejs agent's workload; the same path from src/testing or dist/testing. */
const workload = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../src/testing/profiled-workload.mjs",
);

/** One push the agent made, as it saw it. */
export interface AgentPush {
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Profiles a one-second workload with the real @pyroscope/nodejs agent pushing to `serverUrl`
 * (with an API key as its `authToken`, as a Basic password, or none), and returns its pushes.
 */
export async function runAgent(
  serverUrl: string,
  credential: "none" | "bearer" | "basic",
  key = "",
): Promise<AgentPush[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [workload, serverUrl, credential, key],
    { timeout: 30_000 },
  );
  return stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AgentPush);
}
