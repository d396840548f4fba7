import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ServerProcess, startServerProcess } from "@pyroscope-auth/api/testing";
import { testDatabaseFlags } from "@pyroscope-auth/db/testing";

export { cheapHashFlags, type ServerProcess } from "@pyroscope-auth/api/testing";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The built CLI, for changes made beside a running server. */
export const cliMain = join(
  realpathSync(join(packageRoot, "node_modules/@pyroscope-auth/cli")),
  "dist/main.js",
);

/** A storage folder the test keeps (restarts reuse it), unlike startServerProcess's own. */
export function freshStorage(): string {
  return mkdtempSync(join(tmpdir(), "pyroscope-resilience-"));
}

/**
 * The built server on `storagePath` and its test database (see databaseFlags), with cheap
 * hashing and the given config flags.
 */
export async function startServer(
  storagePath: string,
  flags: string[] = [],
  nodeOptions: string[] = [],
): Promise<ServerProcess> {
  return startServerProcess({
    storagePath,
    flags: [...(await testDatabaseFlags(storagePath)), ...flags],
    nodeOptions,
  });
}
