import { type ServerProcess, startServerProcess } from "@pyroscope-auth/api/testing";
import { testDatabaseFlags } from "@pyroscope-auth/db/testing";
import { onTestFinished } from "vitest";

export interface ServerOnStorage {
  readonly server: ServerProcess;
  /** POSTs auth.login as the web app does. */
  logIn(username: string, password: string): Promise<Response>;
}

/**
 * The real server on the CLI's storage folder, for commands run while it serves; killed when
 * the test that started it ends.
 */
export async function startServerOn(storagePath: string): Promise<ServerOnStorage> {
  const server = await startServerProcess({
    storagePath,
    flags: await testDatabaseFlags(storagePath),
  });
  onTestFinished(async () => {
    await server.stop("SIGKILL");
  });
  return {
    server,
    logIn: (username, password) =>
      fetch(`${server.url}/auth/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      }),
  };
}
