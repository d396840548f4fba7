import type { Readable, Writable } from "node:stream";
import type { Config } from "@pyroscope-auth/auth-core";
import {
  createOrm,
  createServiceDeps,
  migrateDatabase,
  type ServiceContext,
} from "@pyroscope-auth/db";

/** What commands get: where to write, what to read, and the process environment's answers. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  /** PYROSCOPE_USERNAME / PYROSCOPE_PASSWORD / PYROSCOPE_ENABLE, as the original reads them. */
  readonly env: {
    readonly username?: string;
    readonly password?: string;
    readonly enable?: string;
  };
}

export interface CliRuntime {
  readonly config: Config;
  readonly io: CliIo;
}

/**
 * Opens the configured database for one command (migrating it when the server never ran, which
 * also creates the built-in admin), runs it as the actor `cli`, and always closes it. The
 * server need not be running; when it is, WAL and the busy timeout let both write.
 */
export async function withDatabase<T>(
  config: Config,
  command: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  const deps = createServiceDeps(config);
  const orm = await createOrm(config);
  try {
    await migrateDatabase(orm, deps);
    return await command({ em: orm.em.fork(), deps, actor: { kind: "cli" } });
  } finally {
    await orm.close();
  }
}

export function print(io: CliIo, text: string): void {
  io.stdout.write(`${text}\n`);
}
