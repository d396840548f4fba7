import { AuthError, type Config, isAuthError } from "@pyroscope-auth/auth-core";
import { LoginThrottle } from "../entities/login-throttle.entity.js";
import { createRefusalTally } from "../refusal-tally.js";
import type { ServiceContext } from "../service-deps.js";
import { msOf, optionalMsOf, ormRunner, type SqlRunner } from "../sql.js";
import { recordAudit } from "./audit.js";
import { clientNetwork } from "./client-network.js";
import { inTransaction } from "./transaction.js";

// DESIGN.md security rule 2. Three counters per attempt:
//  - pair (account, client IP): `free-failures` consecutive failures, then a delay before each
//    further attempt that starts at `initial-delay-seconds` and doubles up to `max-delay-seconds`;
//  - ip: `ip-failure-limit` failures within `ip-window-seconds` block the IP for `ip-block-seconds`;
//    an IPv6 client counts per /64 (see clientNetwork), in the pair counter too;
//  - account: `account-failure-limit` consecutive failures apply the same doubling delay to every
//    IP. Only failures a pair makes within its free allowance count here, so one IP contributes at
//    most `free-failures` and an attacker on one IP cannot lock the owner out from another;
//  - successes per (account, IP): `ip-success-limit` successful logins within `ip-window-seconds`
//    block that pair for `ip-block-seconds` too: each writes a session and an audit event, and
//    costs a hash, so that no account signs in without end from one address (and an address
//    has only the accounts it can sign up), while its neighbours' own successes hold nobody back.
// An attempt is counted as a failure *before* the password is checked and forgiven on success, so a
// burst of parallel guesses cannot slip past the counters; one whose check the server could not
// run (SERVER_BUSY) is taken off every count again.

type Settings = {
  enabled: boolean;
  freeFailures: number;
  initialDelayMs: number;
  maxDelayMs: number;
  ipFailureLimit: number;
  ipSuccessLimit: number;
  ipWindowMs: number;
  ipBlockMs: number;
  accountFailureLimit: number;
  resetAfterMs: number;
};

function settingsFrom(config: Config): Settings {
  return {
    enabled: config["auth.login-throttle.enabled"],
    freeFailures: config["auth.login-throttle.free-failures"],
    initialDelayMs: config["auth.login-throttle.initial-delay-seconds"] * 1000,
    maxDelayMs: config["auth.login-throttle.max-delay-seconds"] * 1000,
    ipFailureLimit: config["auth.login-throttle.ip-failure-limit"],
    ipSuccessLimit: config["auth.login-throttle.ip-success-limit"],
    ipWindowMs: config["auth.login-throttle.ip-window-seconds"] * 1000,
    ipBlockMs: config["auth.login-throttle.ip-block-seconds"] * 1000,
    accountFailureLimit: config["auth.login-throttle.account-failure-limit"],
    resetAfterMs: config["auth.login-throttle.reset-after-seconds"] * 1000,
  };
}

/**
 * The wait after the `failures`-th consecutive failure when `allowance` failures are free: none
 * before the allowance is used up, then the initial delay, doubling, up to the maximum.
 */
export function throttleDelayMs(
  failures: number,
  allowance: number,
  settings: Pick<Settings, "initialDelayMs" | "maxDelayMs">,
): number {
  if (failures === 0 || failures < allowance) return 0;
  const doublings = Math.min(failures - Math.max(allowance, 1), 40);
  return Math.min(settings.initialDelayMs * 2 ** doublings, settings.maxDelayMs);
}

/**
 * Runs `work` on the counters under `keys` in one transaction, with no other attempt's
 * bookkeeping on them in between, whichever process or replica makes it (Database.lockNames).
 * `work` gets the transaction's context and statements: every write of it, audit events
 * included, commits or rolls back together.
 */
function onCounters<T>(
  ctx: ServiceContext,
  keys: readonly string[],
  work: (ctx: ServiceContext, sql: SqlRunner) => Promise<T>,
): Promise<T> {
  return inTransaction(ctx, async (em) => {
    await ctx.deps.database.lockNames(
      em,
      keys.map((key) => `login-throttle:${key}`),
    );
    return work({ ...ctx, em }, ormRunner(em));
  });
}

/**
 * Per-process bookkeeping of the throttle: when it last purged, and which refusals
 * the audit trail has had (see createRefusalTally).
 */
export function createThrottleState() {
  return { lastPurgeAt: 0, refusals: createRefusalTally() };
}

export type ThrottleState = ReturnType<typeof createThrottleState>;

const keys = {
  pair: (account: string, ip: string) => `pair:${account}\n${ip}`,
  device: (device: string) => `device:${device}`,
  account: (account: string) => `account:${account}`,
  ip: (ip: string) => `ip:${ip}`,
  successes: (account: string, ip: string) => `successes:${account}\n${ip}`,
};

export interface LoginAttempt {
  /**
   * Runs the attempt's password check. One the server could not run (SERVER_BUSY: hashing queue
   * full, hashing process gone) was no guess: it is taken off every count it was added to.
   */
  check<T>(verify: () => Promise<T>): Promise<T>;
  /**
   * Forgives the attempt: clears the account's counters and takes it off the IP's count, lifting
   * the IP block its admission set (it was counted as the limit-th failure and was none).
   */
  succeeded(): Promise<void>;
  /** Takes this attempt, and only it, off every count it was added to. */
  uncount(): Promise<void>;
}

const noopAttempt: LoginAttempt = {
  check: (verify) => verify(),
  succeeded: async () => undefined,
  uncount: async () => undefined,
};

/** A count the admission added to, and the block or delay it set there (if any). */
interface Counted {
  readonly key: string;
  readonly kind: "pair" | "device" | "account" | "ip";
  readonly blockedUntil: number | null;
}

/** A counter as the attempt's bookkeeping sees it (times in epoch ms). */
interface Counter {
  key: string;
  account: string | null;
  failures: number;
  window_started_at: number;
  blocked_until: number | null;
  updated_at: number;
}

const selectCounters =
  'select "key", "account", "failures", "window_started_at", "blocked_until", "updated_at" from "login_throttles" where "key" in (?, ?, ?, ?)';

/** The counters stored under `keys` (four, repeated when fewer), their times in epoch ms. */
async function readCounters(sql: SqlRunner, keys: [string, string, string, string]) {
  const rows = await sql.all<Record<keyof Counter, unknown>>(selectCounters, keys);
  return rows.map(
    (row): Counter => ({
      key: String(row.key),
      account: row.account === null ? null : String(row.account),
      failures: Number(row.failures),
      window_started_at: msOf(row.window_started_at),
      blocked_until: optionalMsOf(row.blocked_until),
      updated_at: msOf(row.updated_at),
    }),
  );
}

const optionalDate = (ms: number | null) => (ms === null ? null : new Date(ms));
/** Writes the counters in one statement (atomic on its own). */
async function upsertCounters(sql: SqlRunner, counters: Counter[]): Promise<void> {
  await sql.run(
    `insert into "login_throttles" ("key", "account", "failures", "window_started_at", "blocked_until", "updated_at")
  values ${counters.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}
  on conflict ("key") do update set "failures" = excluded."failures", "window_started_at" = excluded."window_started_at",
  "blocked_until" = excluded."blocked_until", "updated_at" = excluded."updated_at"`,
    counters.flatMap((row) => [
      row.key,
      row.account,
      row.failures,
      new Date(row.window_started_at),
      optionalDate(row.blocked_until),
      new Date(row.updated_at),
    ]),
  );
}

/** The counter stored under `key`, or a fresh one. */
function counterOf(rows: Counter[], key: string, owner: string | null, now: number): Counter {
  return (
    rows.find((row) => row.key === key) ?? {
      key,
      account: owner,
      failures: 0,
      window_started_at: now,
      blocked_until: null,
      updated_at: now,
    }
  );
}

/** The counter among `rows` that blocks an attempt now, the longest if several do. */
function blockingCounter(rows: Counter[], now: number): Counter | undefined {
  return rows
    .filter((row) => row.blocked_until !== null && row.blocked_until > now)
    .sort((a, b) => (b.blocked_until ?? 0) - (a.blocked_until ?? 0))[0];
}

/** Audits a refusal under `blocking` (see createRefusalTally); returns the seconds to wait. */
async function refuseBlocked(
  ctx: ServiceContext,
  blocking: Counter,
  target: string,
  now: number,
): Promise<number> {
  const blockedUntil = blocking.blocked_until ?? now;
  const wait = Math.ceil((blockedUntil - now) / 1000);
  const unrecorded = ctx.deps.throttle.refusals.refused(blocking.key, blockedUntil, now);
  if (unrecorded !== undefined) {
    const more = unrecorded > 0 ? `; ${unrecorded} more refused since the last event` : "";
    await recordAudit(ctx, {
      action: "login.throttled",
      outcome: "denied",
      target,
      detail: `${blocking.key.split(":")[0]} wait ${wait}s${more}`,
    });
  }
  return wait;
}

/**
 * refuseBlocked once the counters' transaction has ended: the refusal tally lives in this
 * process, so it is told only once, not again for each time the transaction ran.
 */
function refuseAfter(
  ctx: ServiceContext,
  admission: { readonly blocking: Counter },
  target: string,
): Promise<number> {
  return refuseBlocked(ctx, admission.blocking, target, ctx.deps.now().getTime());
}

/**
 * Counts one more attempt (or success) from the address in its window; at `limit` the address
 * is blocked, and `decisions` says so with `what`.
 */
function countAddressAttempt(
  byIp: Counter,
  now: number,
  settings: Settings,
  decisions: string[],
  { limit, what }: { limit: number; what: string } = {
    limit: settings.ipFailureLimit,
    what: "ip blocked",
  },
) {
  if (now - byIp.window_started_at >= settings.ipWindowMs) {
    byIp.failures = 0;
    byIp.window_started_at = now;
  }
  byIp.failures += 1;
  if (byIp.failures >= limit) {
    byIp.blocked_until = now + settings.ipBlockMs;
    decisions.push(`${what} ${seconds(byIp.blocked_until, now)}s`);
  }
  byIp.updated_at = now;
}

/** Records the counters' new delays and blocks, if the attempt set any. */
async function recordDecisions(ctx: ServiceContext, target: string, decisions: string[]) {
  if (decisions.length === 0) return;
  await recordAudit(ctx, {
    action: "login.throttle",
    outcome: "denied",
    target,
    detail: decisions.join("; "),
  });
}

export interface AdmissionOptions {
  /** False where the address's count already has this request (a sign-up's lookup). */
  readonly countsForAddress?: boolean;
  /**
   * The device id of the client's device cookie for this account (see DeviceTokens): the
   * client signed in to it before, and is judged on its device's failures alone.
   */
  readonly device?: string | undefined;
}

/**
 * Admits one login (or old-password check) for `account` from `clientIp`, counting it as a
 * failure until `succeeded()` is called, or throws TOO_MANY_ATTEMPTS with the seconds to wait.
 * The answer is the same whether or not the account exists. Every login runs this, so it is a
 * handful of plain statements (the ORM's unit of work cost ~19 ms of CPU per login here).
 *
 * A known device (OWASP's device cookie) takes the place of the (account, address) pair: its
 * own free failures, then its own doubling delay. Its attempts still count toward the account's
 * and the address's limits, for clients without one, but neither holds it back (the account's
 * only past ten times its ceiling): strangers' failures from anywhere cannot lock out a client
 * that signed in before (DESIGN.md rule 11).
 */
export async function admitLoginAttempt(
  ctx: ServiceContext,
  account: string,
  clientIp: string,
  { countsForAddress = true, device }: AdmissionOptions = {},
): Promise<LoginAttempt> {
  const settings = settingsFrom(ctx.deps.config);
  if (!settings.enabled) return noopAttempt;
  const network = clientNetwork(clientIp);
  const pairKey = device ? keys.device(device) : keys.pair(account, network);
  const pairKind = device ? "device" : "pair";
  const accountKey = keys.account(account);
  const ipKey = keys.ip(network);
  const successesKey = keys.successes(account, network);

  // Read, decide, then one upsert of all three counters, with no other attempt on them between.
  const counters = [pairKey, accountKey, ipKey, successesKey];
  const admission = await onCounters(ctx, counters, async (ctx, sql) => {
    const now = ctx.deps.now().getTime();
    const rows = await readCounters(sql, [pairKey, accountKey, ipKey, successesKey]);
    // Not counted for the address, not judged by it either: its own admission was. A known
    // device is judged by its own counter (and the account's successes from here).
    const judged = rows.filter((row) => {
      if (row.key === successesKey) return true;
      if (!device) return countsForAddress || row.key !== ipKey;
      // Devices are many (one per sign-in): past this many failures of the account, devices
      // are held back too, so that a stock of them is no unlimited stock of guesses.
      const ceiling = row.key === accountKey && row.failures >= deviceCeiling(settings);
      return row.key === pairKey || ceiling;
    });
    const blocking = blockingCounter(judged, now);
    if (blocking) return { blocking, counted: [] };

    const counter = (key: string): Counter => {
      const found = counterOf(rows, key, account, now);
      // Counters left alone long enough are forgotten: "cleared by time".
      if (now - found.updated_at > settings.resetAfterMs) found.failures = 0;
      return found;
    };
    const pair = counter(pairKey);
    const byAccount = counter(accountKey);
    const byIp = counterOf(rows, ipKey, null, now);

    const decisions: string[] = [];
    const countsForAccount = pair.failures < settings.freeFailures;
    pair.failures += 1;
    pair.blocked_until = delayedUntil(
      now,
      throttleDelayMs(pair.failures, settings.freeFailures, settings),
    );
    if (pair.blocked_until)
      decisions.push(`${pairKind} delay ${seconds(pair.blocked_until, now)}s`);
    pair.updated_at = now;
    if (countsForAccount) {
      byAccount.failures += 1;
      byAccount.blocked_until = delayedUntil(
        now,
        throttleDelayMs(byAccount.failures, settings.accountFailureLimit, settings),
      );
      if (byAccount.blocked_until)
        decisions.push(`account delay ${seconds(byAccount.blocked_until, now)}s`);
      byAccount.updated_at = now;
    }
    if (countsForAddress) countAddressAttempt(byIp, now, settings, decisions);
    await upsertCounters(sql, countsForAddress ? [pair, byAccount, byIp] : [pair, byAccount]);
    // Delays are set as the attempt is admitted; they stand if it then fails.
    await recordDecisions(ctx, account, decisions);
    const counted: Counted[] = [
      { key: pairKey, kind: pairKind, blockedUntil: pair.blocked_until },
      ...(countsForAccount
        ? [{ key: accountKey, kind: "account" as const, blockedUntil: byAccount.blocked_until }]
        : []),
      ...(countsForAddress
        ? [
            {
              key: ipKey,
              kind: "ip" as const,
              blockedUntil: byIp.failures >= settings.ipFailureLimit ? byIp.blocked_until : null,
            },
          ]
        : []),
    ];
    await purgeForgottenThrottles(ctx.deps.throttle, sql, now, settings);
    return { blocking: undefined, counted };
  });
  if (admission.blocking)
    throw new AuthError("TOO_MANY_ATTEMPTS", undefined, await refuseAfter(ctx, admission, account));
  const { counted } = admission;

  return {
    check: (verify) => forgivenIfUnchecked(ctx, account, counted, verify),
    uncount: () =>
      onCounters(ctx, counters, async (ctx, sql) => {
        for (const each of counted) await uncount(ctx, sql, each, account, "was no failure");
      }),
    succeeded: () =>
      onCounters(ctx, counters, async (ctx, sql) => {
        await sql.run('delete from "login_throttles" where "key" in (?, ?)', [pairKey, accountKey]);
        await countSuccess(ctx, sql, successesKey, account, settings);
        // A block that counted this attempt as the limit-th failure goes again: it was not one.
        for (const each of counted.filter(({ kind }) => kind === "ip"))
          await uncount(ctx, sql, each, account, "succeeded");
      }),
  };
}

/**
 * Counts a successful login of `account` from its address (devices included: each sign-in
 * makes a new one), blocking the pair at `ip-success-limit` in the window.
 */
async function countSuccess(
  ctx: ServiceContext,
  sql: SqlRunner,
  key: string,
  account: string,
  settings: Settings,
) {
  const now = ctx.deps.now().getTime();
  const rows = await readCounters(sql, [key, key, key, key]);
  const successes = counterOf(rows, key, account, now);
  const decisions: string[] = [];
  countAddressAttempt(successes, now, settings, decisions, {
    limit: settings.ipSuccessLimit,
    what: "successes blocked",
  });
  await upsertCounters(sql, [successes]);
  await recordDecisions(ctx, account, decisions);
}

/**
 * Takes an attempt off one count, lifting the block or delay it set there. Single statements,
 * each atomic on its own: no read-modify-write in between.
 */
async function uncount(
  ctx: ServiceContext,
  sql: SqlRunner,
  { key, kind, blockedUntil }: Counted,
  target: string,
  why: string,
) {
  await sql.run(
    'update "login_throttles" set "failures" = "failures" - 1 where "key" = ? and "failures" > 0',
    [key],
  );
  if (blockedUntil === null) return;
  const lifted = await sql.run(
    'update "login_throttles" set "blocked_until" = null where "key" = ? and "blocked_until" = ?',
    [key, new Date(blockedUntil)],
  );
  if (lifted === 0) return;
  await recordAudit(ctx, {
    action: "login.throttle",
    outcome: "success",
    target,
    detail: `${kind} ${kind === "ip" ? "block" : "delay"} lifted: the attempt that set it ${why}`,
  });
}

/** Runs the attempt's hashing; if the server could not (SERVER_BUSY), uncounts the attempt. */
async function forgivenIfUnchecked<T>(
  ctx: ServiceContext,
  target: string,
  counted: Counted[],
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAuthError(error) && error.code === "SERVER_BUSY") {
      await onCounters(
        ctx,
        counted.map(({ key }) => key),
        async (ctx, sql) => {
          for (const each of counted) await uncount(ctx, sql, each, target, "was never checked");
        },
      );
    }
    throw error;
  }
}

/**
 * Admits one self sign-up from `clientIp`, or throws TOO_MANY_SIGNUPS with the seconds to wait.
 * Each counts on the address's counter as a failed login does (each costs a hash, and nothing
 * else bounds them): an address blocked by its failures cannot sign up, and one making
 * `ip-failure-limit` accounts in the window is blocked in turn. `check` runs the hashing, and
 * takes the sign-up off the count if the server could not (SERVER_BUSY).
 */
export async function admitSignUp(
  ctx: ServiceContext,
  name: string,
  clientIp: string,
): Promise<Pick<LoginAttempt, "check">> {
  const settings = settingsFrom(ctx.deps.config);
  if (!settings.enabled) return noopAttempt;
  const ipKey = keys.ip(clientNetwork(clientIp));
  const admission = await onCounters(ctx, [ipKey], async (ctx, sql) => {
    const now = ctx.deps.now().getTime();
    // One key: the statement reads up to four.
    const rows = await readCounters(sql, [ipKey, ipKey, ipKey, ipKey]);
    const blocking = blockingCounter(rows, now);
    if (blocking) return { blocking, counted: [] };
    const byIp = counterOf(rows, ipKey, null, now);
    const decisions: string[] = [];
    countAddressAttempt(byIp, now, settings, decisions);
    await upsertCounters(sql, [byIp]);
    await recordDecisions(ctx, name, decisions);
    const blockedUntil = byIp.failures >= settings.ipFailureLimit ? byIp.blocked_until : null;
    return { blocking: undefined, counted: [{ key: ipKey, kind: "ip" as const, blockedUntil }] };
  });
  if (admission.blocking)
    throw new AuthError("TOO_MANY_SIGNUPS", undefined, await refuseAfter(ctx, admission, name));
  return { check: (hashing) => forgivenIfUnchecked(ctx, name, admission.counted, hashing) };
}

/**
 * Admits one answer that tells whether a name or email is taken (one's own profile change, a
 * sign-up), asked by `subject` (`user:<id>`, or `signup` for an address without an account)
 * from `clientIp`, throttled as failed logins are: counted first, per subject and address, per
 * subject and per address, and taken off every count unless it ends in that conflict, so that
 * probing which accounts exist slows down as guessing passwords does. A success forgives only
 * itself, so that a prober cannot reset the count with an answer it wanted. Throws
 * TOO_MANY_LOOKUPS with the seconds to wait.
 */
export async function admitLookup(
  ctx: ServiceContext,
  subject: string,
  clientIp: string,
): Promise<{ settle(conflict: boolean): Promise<void> }> {
  let attempt: LoginAttempt;
  try {
    // A sign-up is on its address's count already (admitSignUp).
    attempt = await admitLoginAttempt(ctx, `lookup:${subject}`, clientIp, {
      countsForAddress: subject !== "signup",
    });
  } catch (error) {
    if (isAuthError(error) && error.code === "TOO_MANY_ATTEMPTS")
      throw new AuthError("TOO_MANY_LOOKUPS", undefined, error.retryAfterSeconds);
    throw error;
  }
  return { settle: (conflict) => (conflict ? Promise.resolve() : attempt.uncount()) };
}

/** The account's failures past which its known devices are held back as well. */
function deviceCeiling(settings: Settings): number {
  return settings.accountFailureLimit * 10;
}

function delayedUntil(now: number, delayMs: number): number | null {
  return delayMs > 0 ? now + delayMs : null;
}

const seconds = (until: number, now: number) => Math.ceil((until - now) / 1000);

/**
 * Throttle rows stay bounded: once idle past the reset period and not blocking, they go. Runs
 * at most once a minute (or once per reset period when that is shorter).
 */
async function purgeForgottenThrottles(
  state: ThrottleState,
  sql: SqlRunner,
  now: number,
  settings: Settings,
) {
  if (Math.abs(now - state.lastPurgeAt) < Math.min(60_000, settings.resetAfterMs)) return;
  state.lastPurgeAt = now;
  const idleSince = now - Math.max(settings.resetAfterMs, settings.ipWindowMs);
  await sql.run(
    'delete from "login_throttles" where "updated_at" < ? and ("blocked_until" is null or "blocked_until" < ?)',
    [new Date(idleSince), new Date(now)],
  );
}

/** `pyroscope admin user unlock`: forgets every counter of the account (not of the IPs). */
export async function unlockAccount(ctx: ServiceContext, account: string): Promise<number> {
  return inTransaction(ctx, async (em) => {
    // Every admission for the account holds this name: none writes back what this deletes.
    await ctx.deps.database.lockNames(em, [`login-throttle:${keys.account(account)}`]);
    const removed = await em.nativeDelete(LoginThrottle, { account });
    await recordAudit(
      ctx,
      {
        action: "login.unlock",
        outcome: "success",
        target: account,
        detail: `${removed} counters cleared`,
      },
      em,
    );
    return removed;
  });
}
