import type { EntityManager } from "@mikro-orm/core";
import { AuthError, type Config } from "@pyroscope-auth/auth-core";
import { LoginThrottle } from "../entities/login-throttle.entity.js";
import { createMutex } from "../mutex.js";
import type { ServiceContext } from "../service-deps.js";
import { recordAudit } from "./audit.js";

// DESIGN.md security rule 2. Three counters per attempt:
//  - pair (account, client IP): `free-failures` consecutive failures, then a delay before each
//    further attempt that starts at `initial-delay-seconds` and doubles up to `max-delay-seconds`;
//  - ip: `ip-failure-limit` failures within `ip-window-seconds` block the IP for `ip-block-seconds`;
//  - account: `account-failure-limit` consecutive failures apply the same doubling delay to every
//    IP. Only failures a pair makes within its free allowance count here, so one IP contributes at
//    most `free-failures` and an attacker on one IP cannot lock the owner out from another.
// An attempt is counted as a failure *before* the password is checked and forgiven on success, so a
// burst of parallel guesses cannot slip past the counters.

type Settings = {
  enabled: boolean;
  freeFailures: number;
  initialDelayMs: number;
  maxDelayMs: number;
  ipFailureLimit: number;
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

/** Per-process bookkeeping of the throttle: its lock and when it last purged. */
export function createThrottleState() {
  return { lock: createMutex(), lastPurgeAt: 0 };
}

export type ThrottleState = ReturnType<typeof createThrottleState>;

const keys = {
  pair: (account: string, ip: string) => `pair:${account}\n${ip}`,
  account: (account: string) => `account:${account}`,
  ip: (ip: string) => `ip:${ip}`,
};

export interface LoginAttempt {
  /** Forgives the attempt: clears the account's counters and takes it off the IP's count. */
  succeeded(): Promise<void>;
}

const noopAttempt: LoginAttempt = { succeeded: async () => undefined };

function upsert(
  em: EntityManager,
  rows: LoginThrottle[],
  key: string,
  account: string | null,
  now: Date,
) {
  const found = rows.find((row) => row.key === key);
  if (found) return found;
  const created = em.create(LoginThrottle, {
    key,
    account,
    failures: 0,
    windowStartedAt: now,
    updatedAt: now,
  });
  rows.push(created);
  return created;
}

/**
 * Admits one login (or old-password check) for `account` from `clientIp`, counting it as a
 * failure until `succeeded()` is called, or throws TOO_MANY_ATTEMPTS with the seconds to wait.
 * The answer is the same whether or not the account exists.
 */
export async function admitLoginAttempt(
  ctx: ServiceContext,
  account: string,
  clientIp: string,
): Promise<LoginAttempt> {
  const settings = settingsFrom(ctx.deps.config);
  if (!settings.enabled) return noopAttempt;
  const pairKey = keys.pair(account, clientIp);
  const accountKey = keys.account(account);
  const ipKey = keys.ip(clientIp);

  const refusal = await ctx.deps.throttle.lock.run(() =>
    ctx.em.fork().transactional(async (em) => {
      const now = ctx.deps.now();
      const rows = await em.find(LoginThrottle, { key: { $in: [pairKey, accountKey, ipKey] } });
      const waitMs = Math.max(
        0,
        ...rows.map((row) => (row.blockedUntil ? row.blockedUntil.getTime() - now.getTime() : 0)),
      );
      if (waitMs > 0) {
        const blocking = rows.find(
          (row) => row.blockedUntil && row.blockedUntil.getTime() - now.getTime() === waitMs,
        );
        await recordAudit(
          ctx,
          {
            action: "login.throttled",
            outcome: "denied",
            target: account,
            detail: `${blocking?.key.split(":")[0] ?? "throttle"} wait ${Math.ceil(waitMs / 1000)}s`,
          },
          em,
        );
        return Math.ceil(waitMs / 1000);
      }

      // Counters left alone long enough are forgotten: "cleared by time".
      for (const row of rows) {
        if (row.key !== ipKey && now.getTime() - row.updatedAt.getTime() > settings.resetAfterMs)
          row.failures = 0;
      }
      const pair = upsert(em, rows, pairKey, account, now);
      const byAccount = upsert(em, rows, accountKey, account, now);
      const byIp = upsert(em, rows, ipKey, null, now);

      const decisions: string[] = [];
      const countsForAccount = pair.failures < settings.freeFailures;
      pair.failures += 1;
      pair.blockedUntil = delayedUntil(
        now,
        throttleDelayMs(pair.failures, settings.freeFailures, settings),
      );
      if (pair.blockedUntil) decisions.push(`pair delay ${seconds(pair.blockedUntil, now)}s`);
      pair.updatedAt = now;
      if (countsForAccount) {
        byAccount.failures += 1;
        byAccount.blockedUntil = delayedUntil(
          now,
          throttleDelayMs(byAccount.failures, settings.accountFailureLimit, settings),
        );
        if (byAccount.blockedUntil)
          decisions.push(`account delay ${seconds(byAccount.blockedUntil, now)}s`);
        byAccount.updatedAt = now;
      }
      if (now.getTime() - byIp.windowStartedAt.getTime() > settings.ipWindowMs) {
        byIp.failures = 0;
        byIp.windowStartedAt = now;
      }
      byIp.failures += 1;
      if (byIp.failures >= settings.ipFailureLimit) {
        byIp.blockedUntil = new Date(now.getTime() + settings.ipBlockMs);
        decisions.push(`ip blocked ${seconds(byIp.blockedUntil, now)}s`);
      }
      byIp.updatedAt = now;
      // Delays are set as the attempt is admitted; they stand if it then fails.
      if (decisions.length > 0) {
        await recordAudit(
          ctx,
          {
            action: "login.throttle",
            outcome: "denied",
            target: account,
            detail: decisions.join("; "),
          },
          em,
        );
      }

      await purgeForgottenThrottles(ctx.deps.throttle, em, now, settings);
      return 0;
    }),
  );
  if (refusal > 0) throw new AuthError("TOO_MANY_ATTEMPTS", undefined, refusal);

  return {
    succeeded: () =>
      ctx.deps.throttle.lock.run(() =>
        ctx.em.fork().transactional(async (em) => {
          await em.nativeDelete(LoginThrottle, { key: { $in: [pairKey, accountKey] } });
          const byIp = await em.findOne(LoginThrottle, { key: ipKey });
          if (byIp && byIp.failures > 0) byIp.failures -= 1;
        }),
      ),
  };
}

function delayedUntil(now: Date, delayMs: number): Date | null {
  return delayMs > 0 ? new Date(now.getTime() + delayMs) : null;
}

const seconds = (until: Date, now: Date) => Math.ceil((until.getTime() - now.getTime()) / 1000);

/**
 * Throttle rows stay bounded: once idle past the reset period and not blocking, they go. Runs
 * at most once a minute (or once per reset period when that is shorter).
 */
async function purgeForgottenThrottles(
  state: ThrottleState,
  em: EntityManager,
  now: Date,
  settings: Settings,
) {
  if (Math.abs(now.getTime() - state.lastPurgeAt) < Math.min(60_000, settings.resetAfterMs)) return;
  state.lastPurgeAt = now.getTime();
  const idleSince = new Date(now.getTime() - Math.max(settings.resetAfterMs, settings.ipWindowMs));
  await em.nativeDelete(LoginThrottle, {
    updatedAt: { $lt: idleSince },
    $or: [{ blockedUntil: null }, { blockedUntil: { $lt: now } }],
  });
}

/** `pyroscope admin user unlock`: forgets every counter of the account (not of the IPs). */
export async function unlockAccount(ctx: ServiceContext, account: string): Promise<number> {
  return ctx.deps.throttle.lock.run(() =>
    ctx.em.fork().transactional(async (em) => {
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
    }),
  );
}

export async function countLoginThrottles(em: EntityManager): Promise<number> {
  return em.count(LoginThrottle, {});
}
