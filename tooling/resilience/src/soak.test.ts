import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDatabase } from "./database-snapshot.js";
import { mutate, query, signIn } from "./http.js";
import { freshStorage, type ServerProcess, startServer } from "./server-process.js";

// Issue 7, part 4: a bounded soak (under 60 s) of mixed traffic against one server. Resources
// after it stay within 20% of their value after warm-up, only the expected refusals occur, and
// the login-throttle table is purged instead of growing with every name an attacker tries.
// V8 sizes its heap by its own heuristics: with the defaults, the lowest RSS of the last 15 s
// moved between +1 % and +23 % in runs of this very test, and over 3 minutes rose from 189 to
// 245 MiB and fell back to 175 MiB, while the heap left after each full collection stayed at
// 38 MiB. With --optimize-for-size V8 keeps the heap close to what is live (runs: 106 -> 109,
// 111 -> 113, 112 -> 114 MiB), so the bound catches memory the server keeps, not sizing: a
// planted leak of 8 KiB per request failed it at 134 -> 205 MiB. Each side of the comparison is
// still the lowest sample of its last 15 s.

const warmUpMs = 25_000;
const soakMs = 30_000;
/** Long enough to include a trough after a major garbage collection (they come every ~10 s). */
const troughWindowMs = 15_000;
let server: ServerProcess;
let storage: string;

beforeAll(async () => {
  storage = freshStorage();
  server = await startServer(
    storage,
    [
      "--auth.login-throttle.reset-after-seconds=4",
      "--auth.login-throttle.ip-window-seconds=4",
      "--auth.login-throttle.ip-block-seconds=2",
      "--auth.login-throttle.ip-failure-limit=40",
    ],
    ["--optimize-for-size"],
  );
  const admin = await signIn(server.url, "admin", "admin");
  await mutate(
    server.url,
    "user.changePassword",
    { oldPassword: "admin", newPassword: "soak-admin-pass" },
    { cookie: admin },
  );
  for (let index = 0; index < 4; index++) {
    await mutate(
      server.url,
      "admin.users.create",
      { name: `soak-${index}`, password: `soak-${index}-pass`, role: "ReadOnly" },
      { cookie: admin },
    );
  }
});
afterAll(async () => {
  await server.stop();
});

/** The lowest RSS and open-file count sampled every 250 ms between `from` and `until`. */
async function sampleFrom(from: number, until: number) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, from - Date.now())));
  let lowest = server.resources();
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = server.resources();
    lowest = {
      rssKiB: Math.min(lowest.rssKiB, now.rssKiB),
      openFiles: Math.min(lowest.openFiles, now.openFiles),
    };
  }
  return lowest;
}

/** Mixed clients until `until`; returns how many answers of each status they saw. */
async function traffic(until: number, attackerNames: Set<string>) {
  const seen = new Map<number, number>();
  const note = (status: number) => seen.set(status, (seen.get(status) ?? 0) + 1);
  const admin = await signIn(server.url, "admin", "soak-admin-pass");
  const users = await Promise.all(
    [0, 1, 2, 3].map((index) => signIn(server.url, `soak-${index}`, `soak-${index}-pass`)),
  );
  const clients = [
    // People using the product.
    ...users.map(
      (cookie) => async () =>
        note((await query(server.url, "user.me", undefined, { cookie })).status),
    ),
    async () =>
      note((await query(server.url, "admin.users.list", undefined, { cookie: admin })).status),
    async () =>
      note(
        (
          await mutate(
            server.url,
            "auth.login",
            { username: "soak-1", password: "soak-1-pass" },
            { from: "127.0.0.5" },
          )
        ).status,
      ),
    // Password guessing from several addresses, each guess at a name never seen before.
    ...[11, 12, 13].map((host) => async () => {
      // Numbered across both phases: a per-phase count named the soak's guesses after the
      // warm-up's, so the names counted fell short of the names tried (a red run: 408 rows
      // left of "732 names", with 1640 guesses in the soak alone).
      const name = `victim-${attackerNames.size}`;
      attackerNames.add(name);
      note(
        (
          await mutate(
            server.url,
            "auth.login",
            { username: name, password: "guess" },
            { from: `127.0.0.${host}` },
          )
        ).status,
      );
    }),
  ];
  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() < until) await client();
    }),
  );
  return seen;
}

describe("soak", () => {
  it(`stays flat over ${soakMs / 1000} s of mixed traffic`, async () => {
    const names = new Set<string>();
    const warmUpEnd = Date.now() + warmUpMs;
    const [warm, afterWarmUp] = await Promise.all([
      traffic(warmUpEnd, names),
      sampleFrom(warmUpEnd - troughWindowMs, warmUpEnd),
    ]);
    const soakEnd = Date.now() + soakMs;
    const [soak, atEnd] = await Promise.all([
      traffic(soakEnd, names),
      sampleFrom(soakEnd - troughWindowMs, soakEnd),
    ]);
    console.log(
      `soak: ${[...soak.values()].reduce((a, b) => a + b, 0)} requests, statuses ${JSON.stringify(Object.fromEntries(soak))}, ` +
        `RSS ${(afterWarmUp.rssKiB / 1024).toFixed(0)} -> ${(atEnd.rssKiB / 1024).toFixed(0)} MiB, open files ${afterWarmUp.openFiles} -> ${atEnd.openFiles}`,
    );
    // Rows of idle names are purged: what is left is a few seconds' worth of the attack.
    const rows = await readDatabase(
      storage,
      async (query) =>
        (await query<{ n: number }>("select count(*) as n from login_throttles"))[0]?.n ?? 0,
    );
    console.log(`soak: ${names.size} names guessed, ${rows} throttle rows left`);
    expect(rows).toBeLessThan(names.size * 0.5);

    for (const status of [...warm.keys(), ...soak.keys()])
      expect([200, 401, 429]).toContain(status);
    expect(soak.get(200)).toBeGreaterThan(1000);
    expect(atEnd.rssKiB).toBeLessThan(afterWarmUp.rssKiB * 1.2);
    expect(atEnd.openFiles).toBeLessThanOrEqual(Math.ceil(afterWarmUp.openFiles * 1.2));
    expect(server.output()).not.toMatch(/"level":50/);
  });
});
