import { existsSync } from "node:fs";
import { join } from "node:path";
import { type ServerProcess, serverMain, startServerProcess } from "@pyroscope-auth/api/testing";
import { repoRoot } from "./paths.js";

const webIndex = join(repoRoot, "apps/web/dist/index.html");

/**
 * The real built server serving the real built web app, as a user starts it: its own temp
 * database, a free port, cheap argon2 so the tests are fast.
 */
export async function startServer(flags: readonly string[] = []): Promise<ServerProcess> {
  for (const file of [serverMain, webIndex]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build apps/api and apps/web first`);
  }
  return startServerProcess({ flags });
}
