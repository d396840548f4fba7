// `pnpm --filter @pyroscope-auth/db bench`: session validation, session opening and user creation
// throughput on a real SQLite file. Figures only; tests assert behaviour.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@pyroscope-auth/auth-core";
import { Session } from "../entities/session.entity.js";
import { migrateDatabase } from "../migrate.js";
import { openDatabase } from "../open-database.js";
import { createServiceDeps, type ServiceContext } from "../service-deps.js";
import { logIn } from "../services/login.js";
import { createSession, validateSession } from "../services/sessions.js";
import { inTransaction } from "../services/transaction.js";
import { addUser } from "../services/users.js";
import {
  createTestPostgresDatabase,
  expectSignedIn,
  startThrowawayPostgres,
} from "../testing/test-database.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);

async function measure(label: string, concurrency: number, operation: () => Promise<unknown>) {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await operation();
        done++;
      }
    }),
  );
  const rate = done / ((performance.now() - started) / 1000);
  console.log(`${label.padEnd(58)} ${Math.round(rate).toLocaleString("en-US").padStart(9)} /s`);
  return rate;
}

/** The figures for one engine; resolves to session validation's rate. */
async function benchEngine(label: string, databaseFlags: string[]): Promise<number> {
  const storagePath = mkdtempSync(join(tmpdir(), "pyroscope-bench-"));
  const { config } = loadConfig({
    argv: [`--storage-path=${storagePath}`, "--auth.internal.enabled", ...databaseFlags],
    env: {},
  });
  const database = await openDatabase(config);
  const deps = createServiceDeps(config, database);
  await migrateDatabase(deps);
  const ctx = (): ServiceContext => ({
    em: database.fork(),
    deps,
    actor: { kind: "cli" },
    clientIp: "127.0.0.1",
  });
  const { token } = expectSignedIn(
    await logIn(ctx(), { username: "admin", password: "admin" }),
  ).session;

  console.log(`\n${label}, ${seconds} s per figure, pid ${process.pid}`);
  const validation = await measure("session validation (cookie id -> session -> user)", 1, () =>
    validateSession(deps, token),
  );
  await measure("session validation, 16 requests in flight", 16, () =>
    validateSession(deps, token),
  );
  await measure("the same lookup through the ORM (for comparison)", 1, () =>
    database.fork().findOne(Session, { revokedAt: null }, { populate: ["user"] }),
  );

  // A sign-in's transaction (the session, its audit event, lastSeenAt and the cap on active
  // sessions), fsync'd: for a user's first sessions, then with a long history of ended ones on file.
  const admin = { id: 1, name: "admin" };
  const openSession = () => inTransaction(ctx(), (em) => createSession(ctx(), admin, em));
  await measure("session opening (a sign-in's transaction), first sessions", 1, openSession);
  const history = 5_000;
  for (let opened = 0; opened < history; opened++) await openSession();
  await measure(
    `session opening, ${history.toLocaleString("en-US")}+ more sessions on file`,
    1,
    openSession,
  );

  const hash = await deps.hasher.hash("a-precomputed-password");
  let created = 0;
  await measure("user creation, hash excluded (one transaction each)", 1, () =>
    inTransaction(ctx(), async (em) =>
      addUser(ctx(), em, { name: `bench-${created++}`, role: "ReadOnly" }, hash),
    ),
  );

  await database.close();
  rmSync(storagePath, { recursive: true, force: true });
  return validation;
}

const sqlite = await benchEngine("SQLite (a file, synchronous=FULL)", []);
// PostgreSQL on a throwaway server of this machine (fsync off: a server's disk is not measured).
const postgres = await startThrowawayPostgres();
let onPostgres: number;
try {
  const { url } = await createTestPostgresDatabase(postgres.url);
  onPostgres = await benchEngine("PostgreSQL (local throwaway server, fsync off)", [
    `--database.url=${url}`,
  ]);
} finally {
  postgres.stop();
}
console.log(`\nsession validation, PostgreSQL / SQLite: ${(onPostgres / sqlite).toFixed(2)}x`);

const target = 20_000;
console.log(
  sqlite >= target
    ? `validation meets the ${target}/s target`
    : `validation BELOW the ${target}/s target`,
);
