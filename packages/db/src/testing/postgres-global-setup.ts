import type { TestProject } from "vitest/node";
import { startThrowawayPostgres } from "./throwaway-postgres.js";

/** vitest globalSetup of the postgresql project: one server for the project's whole run. */
export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startThrowawayPostgres();
  project.provide("postgresServer", server.url);
  return () => server.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The postgresql project's server (see postgres-global-setup.ts); SQLite's has none. */
    postgresServer?: string;
  }
}
