import { AuthError } from "@pyroscope-auth/auth-core";
import { afterEach, describe, expect, it } from "vitest";
import { AuditEvent } from "../entities/audit-event.entity.js";
import { LoginThrottle } from "../entities/login-throttle.entity.js";
import { openDatabase } from "../open-database.js";
import { createServiceDeps } from "../service-deps.js";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { logIn } from "./login.js";
import { admitLoginAttempt, throttleDelayMs, unlockAccount } from "./login-throttle.js";

let db: TestDatabase;
const opened: TestDatabase[] = [];
async function open(options?: Parameters<typeof openTestDatabase>[0]) {
  db = await openTestDatabase(options);
  opened.push(db);
}
afterEach(async () => {
  for (const each of opened.splice(0)) await each.close();
});

function attempt(password: string, ip = "10.0.0.1", username = "admin", device?: string) {
  const ctx = db.ctx({ kind: "anonymous" }, { ip });
  // The device a valid device cookie would name (the api checks the cookie itself).
  return logIn(ctx, { username, password }, () => device).then(
    () => "ok",
    (error: { code?: string; retryAfterSeconds?: number }) =>
      error.code === "TOO_MANY_ATTEMPTS"
        ? `wait ${error.retryAfterSeconds}`
        : (error.code ?? "error"),
  );
}

async function fail(times: number, ip = "10.0.0.1", username = "admin") {
  const results: string[] = [];
  for (let index = 0; index < times; index++)
    results.push(await attempt(`wrong-${index}`, ip, username));
  return results;
}

/** The throttle's audit events so far, as [action, outcome, detail]. */
async function throttleEvents() {
  const events = await db.orm.em
    .fork()
    .find(AuditEvent, { action: { $like: "login.throttle%" } }, { orderBy: { id: "asc" } });
  return events.map((event) => [event.action, event.outcome, event.detail]);
}

describe("throttleDelayMs", () => {
  const settings = { initialDelayMs: 1000, maxDelayMs: 900_000 };
  it("is free up to the allowance, then starts at the initial delay and doubles to the cap", () => {
    expect([0, 1, 4].map((failures) => throttleDelayMs(failures, 5, settings))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8].map((failures) => throttleDelayMs(failures, 5, settings))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(throttleDelayMs(20, 5, settings)).toBe(900_000);
    expect(throttleDelayMs(1000, 5, settings)).toBe(900_000);
    expect(throttleDelayMs(1, 0, settings)).toBe(1000);
  });
});

describe("per account and client address", () => {
  it("admits exactly the free failures when guesses arrive at once through two servers' connections", async () => {
    await open({ file: true });
    // A second Database on the same database (as a replica or the CLI has), with its own connections.
    const other = await openDatabase(db.deps.config);
    try {
      const otherDeps = createServiceDeps(db.deps.config, other, { now: db.clock.now });
      const guess = (index: number) => {
        const ctx =
          index % 2 === 0
            ? db.ctx({ kind: "anonymous" }, { ip: "10.0.0.1" })
            : {
                em: other.fork(),
                deps: otherDeps,
                actor: { kind: "anonymous" } as const,
                clientIp: "10.0.0.1",
              };
        return logIn(ctx, { username: "admin", password: `wrong-${index}` }).then(
          () => "ok",
          (error: { code?: string }) => error.code ?? "error",
        );
      };
      const results = await Promise.all(Array.from({ length: 12 }, (_, index) => guess(index)));
      expect(results.filter((result) => result === "INVALID_CREDENTIALS")).toHaveLength(5);
      expect(results.filter((result) => result === "TOO_MANY_ATTEMPTS")).toHaveLength(7);
    } finally {
      await other.close();
    }
  });

  it("allows 5 free failures, then makes each attempt wait 1 s, 2 s, 4 s ...", async () => {
    await open();
    expect(await fail(5)).toEqual(Array(5).fill("INVALID_CREDENTIALS"));
    expect(await attempt("admin")).toBe("wait 1");
    db.clock.advance(1000);
    expect(await attempt("wrong")).toBe("INVALID_CREDENTIALS");
    expect(await attempt("wrong")).toBe("wait 2");
    db.clock.advance(2000);
    expect(await attempt("wrong")).toBe("INVALID_CREDENTIALS");
    expect(await attempt("admin")).toBe("wait 4");
    db.clock.advance(4000);
    expect(await attempt("admin")).toBe("ok");
    // A success clears the account's counters.
    expect(await fail(5)).toEqual(Array(5).fill("INVALID_CREDENTIALS"));
  });

  it("answers the same for an unknown account", async () => {
    await open();
    expect(await fail(5, "10.0.0.1", "ghost")).toEqual(Array(5).fill("INVALID_CREDENTIALS"));
    expect(await attempt("x", "10.0.0.1", "ghost")).toBe("wait 1");
  });

  it("does not lock the owner out from another address", async () => {
    await open();
    await fail(8, "10.0.0.66");
    expect(await attempt("wrong", "10.0.0.66")).toMatch(/^wait/);
    expect(await attempt("admin", "10.0.0.2")).toBe("ok");
    // ...and that success forgives the attacker's address nothing but the account's own counter.
    expect(await attempt("admin", "10.0.0.66")).toMatch(/^wait/);
  });

  it("counts parallel guesses before checking them: a burst gets exactly 5 tries", async () => {
    await open();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => attempt(`burst-${index}`)),
    );
    expect(results.filter((result) => result === "INVALID_CREDENTIALS")).toHaveLength(5);
    expect(results.filter((result) => result.startsWith("wait"))).toHaveLength(15);
  });

  it("does not count an attempt whose password the server could not check (SERVER_BUSY)", async () => {
    await open();
    const ctx = db.ctx({ kind: "anonymous" }, { ip: "10.0.0.1" });
    const busy = async (): Promise<false> => {
      throw new AuthError("SERVER_BUSY", undefined, 1);
    };
    const hasher = { ...ctx.deps.hasher, verify: busy, dummyVerify: busy };
    const refusedBusy = () =>
      expect(
        logIn(
          { ...ctx, deps: { ...ctx.deps, hasher } },
          {
            username: "admin",
            password: "admin",
          },
        ),
      ).rejects.toMatchObject({ code: "SERVER_BUSY" });
    for (let index = 0; index < 10; index++) await refusedBusy();
    expect(await fail(4)).toEqual(Array(4).fill("INVALID_CREDENTIALS"));
    // Admitted as the 5th failure, this one sets the pair's delay: lifted, as it was never checked.
    await refusedBusy();
    expect(await attempt("wrong")).toBe("INVALID_CREDENTIALS");
    expect(await attempt("admin")).toBe("wait 1");
    expect((await throttleEvents()).map((event) => event[2])).toEqual([
      "pair delay 1s",
      "pair delay lifted: the attempt that set it was never checked",
      "pair delay 1s",
      "pair wait 1s",
    ]);
  });

  it("is cleared by the CLI's unlock", async () => {
    await open();
    await fail(6);
    expect(await attempt("admin")).toMatch(/^wait/);
    expect(await unlockAccount(db.ctx(), "admin")).toBeGreaterThan(0);
    expect(await attempt("admin")).toBe("ok");
  });

  it("forgets idle counters after auth.login-throttle.reset-after-seconds", async () => {
    await open({ flags: ["--auth.login-throttle.reset-after-seconds=3600"] });
    await fail(4);
    db.clock.advance(3_601_000);
    expect(await fail(5)).toEqual(Array(5).fill("INVALID_CREDENTIALS"));
  });
});

describe("per client address", () => {
  it("blocks an address after 100 failures across accounts in 15 minutes, for 15 minutes", async () => {
    await open();
    for (let account = 0; account < 25; account++) await fail(4, "10.0.0.9", `user-${account}`);
    expect(await attempt("admin", "10.0.0.9")).toBe("wait 900");
    expect(await attempt("admin", "10.0.0.10")).toBe("ok");
    db.clock.advance(900_000);
    expect(await attempt("admin", "10.0.0.9")).toBe("ok");
    expect(await throttleEvents()).toEqual([
      ["login.throttle", "denied", "ip blocked 900s"],
      ["login.throttled", "denied", "ip wait 900s"],
    ]);
  });

  it("records a blocked client's retries once a minute, with their number, not each", async () => {
    await open();
    for (let account = 0; account < 25; account++) await fail(4, "10.0.0.9", `user-${account}`);
    for (let retry = 0; retry < 200; retry++)
      expect(await attempt("guess", "10.0.0.9", `name-${retry}`)).toMatch(/^wait /);
    db.clock.advance(60_000);
    expect(await attempt("guess", "10.0.0.9")).toBe("wait 840");
    expect(await attempt("guess", "10.0.0.9")).toBe("wait 840");
    expect(await throttleEvents()).toEqual([
      ["login.throttle", "denied", "ip blocked 900s"],
      ["login.throttled", "denied", "ip wait 900s"],
      ["login.throttled", "denied", "ip wait 840s; 199 more refused since the last event"],
    ]);
    // A new block is a new decision, recorded at once with the count left from the last one.
    db.clock.advance(840_000);
    for (let account = 0; account < 25; account++) await fail(4, "10.0.0.9", `again-${account}`);
    expect(await attempt("guess", "10.0.0.9")).toBe("wait 900");
    expect((await throttleEvents()).slice(-1)).toEqual([
      ["login.throttled", "denied", "ip wait 900s; 1 more refused since the last event"],
    ]);
  });

  it("lifts the block again when the attempt that reached the limit succeeds", async () => {
    await open();
    for (let account = 0; account < 33; account++) await fail(3, "10.0.0.9", `user-${account}`);
    // 99 failures: the next attempt is admitted as the 100th and sets the block.
    expect(await attempt("admin", "10.0.0.9")).toBe("ok");
    expect(await attempt("admin", "10.0.0.9")).toBe("ok");
    expect(await fail(1, "10.0.0.9", "user-0")).toEqual(["INVALID_CREDENTIALS"]);
    expect(await attempt("admin", "10.0.0.9")).toBe("wait 900");
    expect((await throttleEvents()).map((event) => event[2])).toEqual([
      "ip blocked 900s",
      "ip block lifted: the attempt that set it succeeded",
      "ip blocked 900s",
      "ip block lifted: the attempt that set it succeeded",
      "ip blocked 900s",
      "ip wait 900s",
    ]);
  });

  it("blocks an account at an address after ip-success-limit successful logins in the window, devices too", async () => {
    await open({ flags: ["--auth.login-throttle.ip-success-limit=3"] });
    expect([await attempt("admin"), await attempt("admin"), await attempt("admin")]).toEqual([
      "ok",
      "ok",
      "ok",
    ]);
    expect(await attempt("admin")).toBe("wait 900");
    expect(await attempt("admin", "10.0.0.1", "admin", "a-device")).toBe("wait 900");
    expect(await attempt("admin", "10.0.0.2")).toBe("ok");
    // A neighbour's own account at the same address is not held back.
    expect(await attempt("x", "10.0.0.1", "nobody")).toBe("INVALID_CREDENTIALS");
    expect((await throttleEvents()).slice(0, 2)).toEqual([
      ["login.throttle", "denied", "successes blocked 900s"],
      ["login.throttled", "denied", "successes wait 900s"],
    ]);
    db.clock.advance(900_000);
    expect(await attempt("admin")).toBe("ok");
  });

  it("counts an IPv6 client per /64, the network one host can pick its addresses from", async () => {
    await open();
    const host = (index: number) => `2001:db8:7:1::${index.toString(16)}`;
    expect(await attempt("wrong", host(1))).toBe("INVALID_CREDENTIALS");
    expect(await fail(4, host(2))).toEqual(Array(4).fill("INVALID_CREDENTIALS"));
    expect(await attempt("admin", host(3))).toBe("wait 1");
    for (let account = 0; account < 24; account++)
      await fail(4, host(100 + account), `u${account}`);
    expect(await attempt("wrong", host(999), "someone")).toBe("wait 900");
    expect(await attempt("admin", "2001:db8:7:2::1")).toBe("ok");
  });

  it("starts a new window after 15 quiet minutes", async () => {
    await open();
    for (let account = 0; account < 24; account++) await fail(4, "10.0.0.9", `user-${account}`);
    db.clock.advance(901_000);
    for (let account = 0; account < 24; account++) await fail(4, "10.0.0.9", `other-${account}`);
    expect(await attempt("admin", "10.0.0.9")).toBe("ok");
  });
});

describe("per account, across addresses", () => {
  it("applies the delay everywhere after 100 failures from many addresses", async () => {
    await open();
    for (let host = 0; host < 20; host++) await fail(5, `10.1.0.${host}`);
    expect(await attempt("admin", "10.9.9.9")).toBe("wait 1");
    expect((await throttleEvents()).slice(-2)).toEqual([
      ["login.throttle", "denied", "pair delay 1s; account delay 1s"],
      ["login.throttled", "denied", "account wait 1s"],
    ]);
  });

  it("counts only each address's free failures, so one address cannot trigger it", async () => {
    // No IP block either: all 150 guesses must be checked, more than the account's limit of 100.
    await open({
      flags: [
        "--auth.login-throttle.max-delay-seconds=1",
        "--auth.login-throttle.ip-failure-limit=1000",
      ],
    });
    // Each guess waits out the pair delay first; the last one is still fresh when the owner
    // signs in, so an account delay would show.
    for (let round = 0; round < 150; round++) {
      db.clock.advance(1000);
      expect(await attempt("wrong", "10.0.0.66")).toBe("INVALID_CREDENTIALS");
    }
    expect(await attempt("admin", "10.0.0.2")).toBe("ok");
    expect(
      (await throttleEvents()).filter(([, , detail]) => String(detail).includes("account")),
    ).toEqual([]);
  });
});

describe("a known device (OWASP's device cookie)", () => {
  it("keeps a client that signed in before working while strangers hold the account's delay", async () => {
    await open();
    // The audit's attack: 5 wrong logins from each of 22 addresses.
    for (let host = 0; host < 22; host++) await fail(5, `10.1.0.${host}`);
    expect(await attempt("admin", "10.0.0.1")).toMatch(/^wait /);
    expect(await attempt("admin", "10.0.0.1", "admin", "owners-laptop")).toBe("ok");
    // From any address: the device is the client, wherever it is.
    expect(await attempt("admin", "10.1.0.3", "admin", "owners-laptop")).toBe("ok");
  });

  it("is judged on its own failures: 5 free, then its own doubling delay", async () => {
    await open();
    const results: string[] = [];
    for (let index = 0; index < 7; index++)
      results.push(await attempt(`wrong-${index}`, "10.0.0.1", "admin", "stolen-cookie"));
    expect(results).toEqual([...Array(5).fill("INVALID_CREDENTIALS"), "wait 1", "wait 1"]);
    // Another device of the account, and the pair counter of the address, are untouched.
    expect(await attempt("admin", "10.0.0.1", "admin", "owners-laptop")).toBe("ok");
    expect((await throttleEvents())[0]).toEqual(["login.throttle", "denied", "device delay 1s"]);
  });

  it("still counts toward the account's ceiling for clients without a device", async () => {
    await open({ flags: ["--auth.login-throttle.account-failure-limit=10"] });
    await fail(5, "10.0.0.1", "admin");
    for (let index = 0; index < 5; index++)
      await attempt(`wrong-${index}`, "10.0.0.2", "admin", "some-device");
    expect(await attempt("admin", "10.0.0.3")).toMatch(/^wait /);
  });

  it("is held back with the account past ten times its ceiling: a stock of devices is no stock of guesses", async () => {
    await open({ flags: ["--auth.login-throttle.account-failure-limit=2"] });
    // Four devices, five free failures each: 20 account failures, ten times the ceiling.
    for (const device of ["d1", "d2", "d3", "d4"])
      for (let index = 0; index < 5; index++)
        await attempt(`wrong-${index}`, "10.0.0.1", "admin", device);
    expect(await attempt("admin", "10.0.0.1", "admin", "d5")).toMatch(/^wait /);
  });

  it("is cleared by the CLI's unlock, with the account's other counters", async () => {
    await open();
    for (let index = 0; index < 6; index++)
      await attempt(`wrong-${index}`, "10.0.0.1", "admin", "stolen-cookie");
    await unlockAccount(db.ctx(), "admin");
    expect(await attempt("admin", "10.0.0.1", "admin", "stolen-cookie")).toBe("ok");
  });
});

describe("bookkeeping", () => {
  it("records every throttle decision in the audit trail", async () => {
    await open();
    await fail(5);
    await attempt("admin");
    expect(await throttleEvents()).toEqual([
      ["login.throttle", "denied", "pair delay 1s"],
      ["login.throttled", "denied", "pair wait 1s"],
    ]);
  });

  it("purges idle rows so the table stays bounded", async () => {
    await open({ flags: ["--auth.login-throttle.reset-after-seconds=3600"] });
    for (let account = 0; account < 10; account++) await fail(1, "10.0.0.1", `user-${account}`);
    expect(await db.orm.em.fork().count(LoginThrottle, {})).toBe(21);
    db.clock.advance(3_700_000);
    await fail(1, "10.0.0.2", "fresh");
    expect(await db.orm.em.fork().count(LoginThrottle, {})).toBe(3);
  });

  it("does nothing when disabled", async () => {
    await open({ flags: ["--auth.login-throttle.enabled=false"] });
    expect(await fail(30)).toEqual(Array(30).fill("INVALID_CREDENTIALS"));
    const admitted = await admitLoginAttempt(db.ctx(), "admin", "10.0.0.1");
    await admitted.succeeded();
    expect(await db.orm.em.fork().count(LoginThrottle, {})).toBe(0);
  });
});
