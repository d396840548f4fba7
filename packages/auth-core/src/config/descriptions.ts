import type { ConfigKey } from "./schema.js";

/** What each key does, in a line: `--help` prints them beside their defaults. */
export const configDescriptions: Record<ConfigKey, string> = {
  "auth.internal.enabled":
    "login/password authentication; false: no login at all (the original's default)",
  "auth.internal.signup-enabled": "let people create their own accounts",
  "auth.internal.totp.enabled":
    "let people set up an authenticator app as a second factor; false: no new set-ups (those made still count)",
  "auth.internal.totp.required-roles":
    "roles that must sign in with a second factor, such as [Admin]: set up before anything else works",
  "auth.signup-default-role": "the role of a signed-up account: Admin, ReadOnly or Agent",
  "auth.internal.admin.create": "create the built-in admin on the first launch",
  "auth.internal.admin.name": "the built-in admin's user name (first launch only)",
  "auth.internal.admin.password":
    "the built-in admin's password (first launch only; must be changed at first login if weak)",
  "auth.internal.admin.email": "the built-in admin's email (first launch only)",
  "auth.internal.password-min-length": "the shortest password accepted, in characters",
  "auth.jwt-secret":
    "HMAC key for session tokens, 32 bytes or more; empty: generated once and kept in the database",
  "auth.login-maximum-lifetime-days": "a session ends this many days after sign-in; 0: no limit",
  "auth.login-maximum-inactive-days": "a session ends after this many days unused; 0: no limit",
  "auth.cookie-same-site":
    "the session cookie's SameSite: Lax, Strict or None (None forces Secure)",
  "auth.cookie-secure": "mark the session cookie Secure (always so when serving HTTPS)",
  "auth.login-throttle.enabled": "slow down and block repeated failed logins",
  "auth.login-throttle.free-failures": "failures per account and address before delays begin",
  "auth.login-throttle.initial-delay-seconds":
    "the first delay; it doubles with each further failure",
  "auth.login-throttle.max-delay-seconds": "the longest delay",
  "auth.login-throttle.ip-failure-limit":
    "failures from one address, across accounts, that block it",
  "auth.login-throttle.ip-success-limit":
    "successful logins of one account from one address that block the pair (each writes a session)",
  "auth.login-throttle.ip-window-seconds": "the window those failures and successes are counted in",
  "auth.login-throttle.ip-block-seconds": "how long an address stays blocked",
  "auth.login-throttle.account-failure-limit":
    "failures of one account from any address before the delay applies account-wide",
  "auth.login-throttle.reset-after-seconds":
    "quiet time after which an account's or address's failures are forgotten",
  "auth.password-hash.memory-kib": "argon2id memory per hash, KiB",
  "auth.password-hash.iterations": "argon2id passes",
  "auth.password-hash.parallelism": "argon2id lanes",
  "auth.password-hash.max-concurrent": "hashes at once; 0: one per core",
  "auth.password-hash.max-queued": "logins waiting for a hash before more are refused with 503",
  "auth.audit-retention-days": "audit events older than this are deleted; 0: kept",
  "auth.trusted-origins": "other origins whose pages may send mutations (comma-separated)",
  "auth.allowed-hosts":
    "host names served besides localhost and IP addresses; *: any (DNS rebinding)",
  "auth.trusted-proxies":
    "proxies whose X-Forwarded-* and X-Original-* headers are believed (addresses, CIDR, loopback)",
  "auth.ingestion.enabled":
    "ingest routes need an Admin or Agent credential; false: anyone may push",
  "auth.ingestion.cache-ttl":
    "how long a validated API key is believed (a deleted key works this long)",
  "auth.ingestion.cache-size": "how many validated API keys are remembered",
  "gateway.upstream-url":
    "the Pyroscope server to guard and proxy to (http://host:port); empty: no gateway",
  "gateway.tenant-id": "sent upstream as X-Scope-OrgID; empty: none",
  "gateway.routes": "the operator's route rules (path, methods, allow), before the built-in policy",
  "gateway.timeout": "how long the upstream may take to answer (504 after)",
  "storage-path": "folder of the SQLite database",
  "database.url": "database URL; empty: <storage-path>/pyroscope.sqlite3",
  "api-bind-addr": "address to listen on, [host]:port (the original's name; http-addr also works)",
  "base-url":
    "the path browsers reach this server under, through a proxy that strips it (/pyroscope/ or https://host/pyroscope/); empty for the root",
  "tls-certificate-file": "TLS certificate (PEM); with the key: serve HTTPS",
  "tls-key-file": "TLS private key (PEM)",
  "log-level": "debug, info, warn or error",
};
