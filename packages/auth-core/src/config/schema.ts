import { isIP } from "node:net";
import { z } from "zod";
import { parseOperatorRoutes } from "../policy/operator-routes.js";
import { parseRole, type Role, roles } from "../user/roles.js";
import { utf8Length } from "../user/utf8-length.js";
import { basePathOf } from "./base-url.js";
import { parseBooleanWord } from "./boolean-word.js";
import { parseDuration } from "./duration.js";

// Every value may arrive as text (env var, flag) or typed (YAML), so each parser accepts both.
// Issue messages complete the sentence `<key>: <value> ...` that load.ts prints.

function boolean() {
  return z.preprocess(
    (value) => (typeof value === "string" ? (parseBooleanWord(value) ?? value) : value),
    z.boolean({ error: "is not a boolean (true, false)" }),
  );
}

function integer(min: number, max: number) {
  const message = `is not a whole number from ${min} to ${max}`;
  return z.preprocess(
    (value) => (typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
    z.number({ error: message }).int(message).min(min, message).max(max, message),
  );
}

function text() {
  return z.preprocess(
    // YAML reads `password: 12345678` as a number; the user meant the text.
    (value) => (typeof value === "number" || typeof value === "boolean" ? String(value) : value),
    z.string({ error: "is not a text value" }),
  );
}

/** Case-insensitive choice that yields the canonical spelling. */
function oneOf<const T extends readonly [string, ...string[]]>(choices: T, what: string) {
  const message = `is not ${what} (${choices.join(", ")})`;
  return z.preprocess(
    (value) => {
      if (typeof value !== "string") return value;
      return choices.find((choice) => choice.toLowerCase() === value.trim().toLowerCase()) ?? value;
    },
    z.enum(choices, { error: message }),
  );
}

/** A YAML list, or comma-separated text from an env var or flag. */
function list() {
  return z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((item) => item.trim())
            .filter(Boolean)
        : value,
    z.array(z.string(), { error: "is not a list of text values" }),
  );
}

/** A list of roles, case-insensitive, each once in its canonical spelling. */
function roleList() {
  return list().pipe(
    z.array(z.string()).transform((entries, ctx) => {
      const found = entries.map((entry) => parseRole(entry));
      const bad = entries.find((_, index) => found[index] === undefined);
      if (bad === undefined) return [...new Set(found as Role[])];
      ctx.addIssue({
        code: "custom",
        message: `holds ${JSON.stringify(bad)}, which is not a role (${roles.join(", ")})`,
      });
      return z.NEVER;
    }),
  );
}

const httpAddr = text().pipe(
  z
    .string()
    .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]*):\d{1,5}$/, {
      message: "is not an address ([host]:port)",
      abort: true,
    })
    .refine(
      (addr) => Number(addr.slice(addr.lastIndexOf(":") + 1)) <= 65_535,
      "has a port above 65535",
    ),
);

/** A list whose every entry must pass `valid`; the first that does not is named. */
function listOf(valid: (entry: string) => boolean, what: string) {
  return list().pipe(
    z.array(z.string()).superRefine((entries, ctx) => {
      const bad = entries.find((entry) => !valid(entry));
      if (bad !== undefined)
        ctx.addIssue({
          code: "custom",
          message: `holds ${JSON.stringify(bad)}, which is not ${what}`,
        });
    }),
  );
}

/** The prefix length of a contiguous IPv4 netmask (255.255.0.0 → 16), or 0 if it is none. */
function netmaskBits(mask: string): number {
  const value = mask.split(".").reduce((bits, octet) => bits * 256 + Number(octet), 0);
  const bits = value.toString(2).replace(/0+$/, "");
  return /^1+$/.test(bits) && value.toString(2).length === 32 ? bits.length : 0;
}

/**
 * What Fastify's trustProxy (proxy-addr) accepts: an IP address, a range (`ip/bits` with bits
 * from 1, or an IPv4 `ip/netmask`), or one of its named ranges.
 */
function isProxyEntry(entry: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address = "", range, ...extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra.length > 0) return false;
  if (range === undefined) return true;
  if (family === 4 && isIP(range) === 4) return netmaskBits(range) > 0;
  return (
    /^\d{1,3}$/.test(range) && Number(range) >= 1 && Number(range) <= (family === 4 ? 32 : 128)
  );
}

/** A DNS name as a Host header carries it (without the port). */
function isHostName(entry: string): boolean {
  return /^(?=.{1,253}$)[a-z\d]([a-z\d-]*[a-z\d])?(\.[a-z\d]([a-z\d-]*[a-z\d])?)*$/i.test(entry);
}

/** `scheme://host[:port]` exactly as a browser sends it in the Origin header. */
function isOrigin(entry: string): boolean {
  try {
    const url = new URL(entry);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === entry;
  } catch {
    return false;
  }
}

/** A Go duration (`1m`, `30s`), kept as written so that printConfig loads back; see parseDuration. */
function duration(minMs: number, maxMs: number) {
  const range =
    minMs > 0 ? `from ${minMs}ms to ${maxMs / 3_600_000}h` : `up to ${maxMs / 3_600_000}h`;
  const message = `is not a duration ${range} (such as 30s, 1m, 1h30m)`;
  return text().pipe(
    z
      .string()
      .transform((value) => value.trim())
      .refine((value) => {
        const ms = parseDuration(value);
        return ms !== undefined && ms >= minMs && ms <= maxMs;
      }, message),
  );
}

/** `http(s)://host[:port]`: the whole upstream, so a path of the request is never changed. */
function isUpstreamUrl(entry: string): boolean {
  try {
    const url = new URL(entry);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      url.username === "" &&
      url.password === "" &&
      url.pathname === "/" &&
      url.search === "" &&
      url.hash === "" &&
      !/[?#]$/.test(entry)
    );
  } catch {
    return false;
  }
}

const upstreamUrl = text().pipe(
  z
    .string()
    .transform((value) => value.trim().replace(/\/$/, ""))
    .refine(
      (value) => value === "" || isUpstreamUrl(value),
      "is not an upstream URL (http://host:port or https://host:port, with no path)",
    ),
);

/** The original's `base-url`, kept as the path it names (see base-url.ts). */
const baseUrl = text().pipe(
  z.string().transform((value, ctx) => {
    const path = basePathOf(value);
    if (path !== undefined) return path;
    ctx.addIssue({
      code: "custom",
      message:
        "is not a path prefix (/pyroscope/, or a URL such as https://example.com/pyroscope/; letters, digits and - . _ ~ between slashes)",
    });
    return z.NEVER;
  }),
);

/** Pyroscope's tenant IDs (dskit): up to 150 of `A-Z a-z 0-9 ! - _ . * ' ( )`, not `.` or `..`. */
const tenantId = text().pipe(
  z
    .string()
    .refine(
      (value) =>
        value === "" ||
        (/^[A-Za-z0-9!\-_.*'()]{1,150}$/.test(value) && value !== "." && value !== ".."),
      "is not a tenant ID (up to 150 letters, digits and ! - _ . * ' ( ))",
    ),
);

const operatorRoutes = z.unknown().transform((value, ctx) => {
  const parsed = parseOperatorRoutes(value);
  if (typeof parsed !== "string") return parsed;
  ctx.addIssue({ code: "custom", message: parsed });
  return z.NEVER;
});

const jwtSecret = text().pipe(
  z
    .string()
    .refine(
      (secret) => secret === "" || utf8Length(secret) >= 32,
      "is too short (at least 32 bytes, or empty to generate one)",
    ),
);

/**
 * Every configuration key, by the original's dotted name, with its default. This object is the
 * single list that the YAML, env and flag loaders, the masking printer and the docs work from.
 */
export const configSchema = z.object({
  "auth.internal.enabled": boolean().default(false),
  "auth.internal.signup-enabled": boolean().default(false),
  "auth.internal.totp.enabled": boolean().default(true),
  "auth.internal.totp.required-roles": roleList().default([]),
  "auth.signup-default-role": oneOf(roles, "a role").default("ReadOnly"),
  "auth.internal.admin.create": boolean().default(true),
  "auth.internal.admin.name": text().default("admin"),
  "auth.internal.admin.password": text().default("admin"),
  "auth.internal.admin.email": text().default("admin@localhost.localdomain"),
  "auth.internal.password-min-length": integer(1, 128).default(8),
  "auth.jwt-secret": jwtSecret.default(""),
  "auth.login-maximum-lifetime-days": integer(0, 3650).default(0),
  "auth.login-maximum-inactive-days": integer(0, 3650).default(7),
  "auth.cookie-same-site": oneOf(["Lax", "Strict", "None"], "a SameSite mode").default("Lax"),
  "auth.cookie-secure": boolean().default(false),
  "auth.login-throttle.enabled": boolean().default(true),
  "auth.login-throttle.free-failures": integer(0, 1000).default(5),
  "auth.login-throttle.initial-delay-seconds": integer(1, 86_400).default(1),
  "auth.login-throttle.max-delay-seconds": integer(1, 86_400).default(900),
  "auth.login-throttle.ip-failure-limit": integer(1, 1_000_000).default(100),
  "auth.login-throttle.ip-success-limit": integer(1, 1_000_000).default(300),
  "auth.login-throttle.ip-window-seconds": integer(1, 86_400).default(900),
  "auth.login-throttle.ip-block-seconds": integer(1, 86_400).default(900),
  "auth.login-throttle.account-failure-limit": integer(1, 1_000_000).default(100),
  "auth.login-throttle.reset-after-seconds": integer(1, 31_536_000).default(86_400),
  "auth.password-hash.memory-kib": integer(1024, 4_194_304).default(19_456),
  "auth.password-hash.iterations": integer(1, 100).default(2),
  "auth.password-hash.parallelism": integer(1, 64).default(1),
  "auth.password-hash.max-concurrent": integer(0, 1024).default(0),
  "auth.password-hash.max-queued": integer(0, 100_000).default(64),
  "auth.audit-retention-days": integer(0, 36_500).default(90),
  "auth.trusted-origins": listOf(isOrigin, "an origin (https://host[:port])").default([]),
  "auth.allowed-hosts": listOf(
    (entry) => entry === "*" || isHostName(entry),
    "a host name (or *, any name)",
  ).default([]),
  "auth.trusted-proxies": listOf(
    isProxyEntry,
    "an IP address, a CIDR range, loopback, linklocal or uniquelocal",
  ).default([]),
  "auth.ingestion.enabled": boolean().default(false),
  "auth.ingestion.cache-ttl": duration(0, 86_400_000).default("1m"),
  "auth.ingestion.cache-size": integer(0, 1_000_000).default(1024),
  "gateway.upstream-url": upstreamUrl.default(""),
  "gateway.tenant-id": tenantId.default(""),
  "gateway.routes": operatorRoutes.default([]),
  "gateway.timeout": duration(1, 86_400_000).default("60s"),
  "storage-path": text().pipe(z.string().min(1, "must not be empty")).default("/var/lib/pyroscope"),
  "database.url": text().default(""),
  "api-bind-addr": httpAddr.default(":4040"),
  "base-url": baseUrl.default(""),
  "tls-certificate-file": text().default(""),
  "tls-key-file": text().default(""),
  "log-level": oneOf(["debug", "info", "warn", "error"], "a log level").default("info"),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigKey = keyof Config;

export const configKeys = Object.keys(configSchema.shape) as ConfigKey[];

/** Shown as `<redacted>` by printConfig and never echoed in an error. */
export const secretConfigKeys: ReadonlySet<ConfigKey> = new Set([
  "auth.internal.admin.password",
  "auth.jwt-secret",
  "database.url",
]);

/**
 * Other spellings of keys, accepted as the key: the original's `admin-user` for the admin
 * block on the command line, and this server's former name for its listen address.
 */
export function canonicalConfigKey(key: string): string {
  if (key === "http-addr") return "api-bind-addr";
  return key.replace(/^auth\.internal\.admin-user\./, "auth.internal.admin.");
}

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(configSchema.shape, key);
}
