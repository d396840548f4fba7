import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createServiceDeps, migrateDatabase, openDatabase } from "@pyroscope-auth/db";
import { createTestConfig, testDatabaseFlags } from "@pyroscope-auth/db/testing";

/** The built bin, run as a user runs it (the test task depends on the build). */
export const cliPath = join(dirname(fileURLToPath(import.meta.url)), "../../dist/main.js");

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly stdin?: string | Buffer;
  readonly env?: Record<string, string>;
  /** The working directory; this test process's by default. */
  readonly cwd?: string;
  /** Run as this user (the test process must be root); this test process's by default. */
  readonly uid?: number;
  /** Close the reading end of its stdout at once, as `| head` does when it has enough. */
  readonly closeStdout?: boolean;
  /** Send its stdout into this file (such as /dev/full) rather than to the test. */
  readonly stdoutTo?: string;
  /**
   * Run it on a terminal, as a person at a shell does (util-linux `script`): its stdin is the
   * terminal, and what it writes to stdout and stderr both arrive in `stdout`.
   */
  readonly onTerminal?: boolean;
}

const shellQuoted = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

const cheapHashFlags = [
  "--auth.password-hash.memory-kib=1024",
  "--auth.password-hash.iterations=1",
];

/** The fields of `admin user list --json` that tests look at. */
interface ListedUser {
  readonly name: string;
  readonly mustChangePassword: boolean;
  readonly isDisabled: boolean;
  readonly hasSecondFactor: boolean;
}

/** What the server's first launch leaves: a migrated database with the built-in admin. */
async function createDatabase(storagePath: string) {
  const { config } = await createTestConfig({ storagePath });
  const database = await openDatabase(config);
  try {
    await migrateDatabase(createServiceDeps(config, database));
  } finally {
    await database.close();
  }
}

/**
 * A fresh storage folder and its test database (SQLite in it, or PostgreSQL in the postgresql
 * project), and a runner bound to them with cheap hashing. The database is created before the
 * first command, unless a server has done so already or `database: false`.
 */
export function cliOn(
  storagePath = mkdtempSync(join(tmpdir(), "pyroscope-cli-")),
  { database = true } = {},
) {
  let prepared: Promise<string[]> | undefined;
  /** The database's flags, once it is there. */
  const prepare = async () => {
    const flags = await testDatabaseFlags(storagePath);
    // Migrating again is a no-op: on PostgreSQL there is no file to look for.
    const missing = flags.length > 0 || !existsSync(join(storagePath, "pyroscope.sqlite3"));
    if (database && missing) await createDatabase(storagePath);
    return flags;
  };
  const run = async (args: string[], options: CliOptions = {}): Promise<CliResult> => {
    prepared ??= prepare();
    const databaseFlags = await prepared;
    return new Promise((resolve, reject) => {
      const stdoutFile = options.stdoutTo ? openSync(options.stdoutTo, "w") : undefined;
      const argv = [
        process.execPath,
        cliPath,
        ...args,
        `--storage-path=${storagePath}`,
        ...databaseFlags,
        ...cheapHashFlags,
      ];
      const [command, ...commandArgs] = options.onTerminal
        ? ["script", "-qec", argv.map(shellQuoted).join(" "), "/dev/null"]
        : argv;
      const child = spawn(command ?? process.execPath, commandArgs, {
        env: { PATH: process.env.PATH ?? "", ...options.env },
        cwd: options.cwd,
        uid: options.uid,
        gid: options.uid,
        stdio: ["pipe", stdoutFile ?? "pipe", "pipe"],
      });
      if (stdoutFile !== undefined) closeSync(stdoutFile);
      if (options.closeStdout) child.stdout?.destroy();
      let stdout = "";
      let stderr = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        stdout += chunk;
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk;
      });
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
      child.stdin?.end(options.stdin ?? "");
    });
  };
  /** Setup for a test about something else: creates a user and fails loudly if it cannot. */
  const createUser = async (name: string, role: string, password: string) => {
    const created = await run([
      "admin",
      "user",
      "create",
      "--username",
      name,
      "--role",
      role,
      "--password",
      password,
    ]);
    if (created.status !== 0) throw new Error(`cannot create ${name}: ${created.stderr}`);
  };
  /** The users as `admin user list --json` gives them. */
  const users = async (): Promise<ListedUser[]> => {
    const listed = await run(["admin", "user", "list", "--json"]);
    if (listed.status !== 0) throw new Error(`cannot list users: ${listed.stderr}`);
    return JSON.parse(listed.stdout);
  };
  return { storagePath, run, createUser, users };
}
