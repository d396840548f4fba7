import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "./errors.js";
import { envVarName } from "./from-env.js";
import { loadConfig, printConfig } from "./load.js";
import { type Config, type ConfigKey, configKeys } from "./schema.js";

const dir = mkdtempSync(join(tmpdir(), "auth-core-config-"));
let files = 0;
function yamlFile(text: string): string {
  const path = join(dir, `config-${files++}.yml`);
  writeFileSync(path, text);
  return path;
}

/** A non-default value for every key, as text (env, flag) and as parsed. */
const samples: { [K in ConfigKey]: { text: string; value: Config[K] } } = {
  "auth.internal.enabled": { text: "true", value: true },
  "auth.internal.signup-enabled": { text: "true", value: true },
  "auth.internal.totp.enabled": { text: "false", value: false },
  "auth.internal.totp.required-roles": {
    text: "admin, Admin, readonly",
    value: ["Admin", "ReadOnly"],
  },
  "auth.signup-default-role": { text: "admin", value: "Admin" },
  "auth.internal.admin.create": { text: "false", value: false },
  "auth.internal.admin.name": { text: "root", value: "root" },
  "auth.internal.admin.password": { text: "s3cret-pass", value: "s3cret-pass" },
  "auth.internal.admin.email": { text: "root@example.com", value: "root@example.com" },
  "auth.internal.password-min-length": { text: "12", value: 12 },
  "auth.jwt-secret": { text: "k".repeat(32), value: "k".repeat(32) },
  "auth.login-maximum-lifetime-days": { text: "30", value: 30 },
  "auth.login-maximum-inactive-days": { text: "2", value: 2 },
  "auth.cookie-same-site": { text: "strict", value: "Strict" },
  "auth.cookie-secure": { text: "true", value: true },
  "auth.login-throttle.enabled": { text: "false", value: false },
  "auth.login-throttle.free-failures": { text: "3", value: 3 },
  "auth.login-throttle.initial-delay-seconds": { text: "2", value: 2 },
  "auth.login-throttle.max-delay-seconds": { text: "60", value: 60 },
  "auth.login-throttle.ip-failure-limit": { text: "50", value: 50 },
  "auth.login-throttle.ip-success-limit": { text: "40", value: 40 },
  "auth.login-throttle.ip-window-seconds": { text: "600", value: 600 },
  "auth.login-throttle.ip-block-seconds": { text: "300", value: 300 },
  "auth.login-throttle.account-failure-limit": { text: "20", value: 20 },
  "auth.login-throttle.reset-after-seconds": { text: "3600", value: 3600 },
  "auth.password-hash.memory-kib": { text: "8192", value: 8192 },
  "auth.password-hash.iterations": { text: "3", value: 3 },
  "auth.password-hash.parallelism": { text: "2", value: 2 },
  "auth.password-hash.max-concurrent": { text: "4", value: 4 },
  "auth.password-hash.max-queued": { text: "10", value: 10 },
  "auth.audit-retention-days": { text: "30", value: 30 },
  "auth.trusted-origins": {
    text: "https://a.example, https://b.example",
    value: ["https://a.example", "https://b.example"],
  },
  "auth.allowed-hosts": {
    text: "localhost, pyroscope.example",
    value: ["localhost", "pyroscope.example"],
  },
  "auth.trusted-proxies": {
    text: "10.0.0.1, 10.1.0.0/16, 10.2.0.0/255.255.0.0, fd00::/8, loopback",
    value: ["10.0.0.1", "10.1.0.0/16", "10.2.0.0/255.255.0.0", "fd00::/8", "loopback"],
  },
  "auth.ingestion.enabled": { text: "true", value: true },
  "auth.ingestion.cache-ttl": { text: "30s", value: "30s" },
  "auth.ingestion.cache-size": { text: "16", value: 16 },
  "gateway.upstream-url": { text: "http://127.0.0.1:4041/", value: "http://127.0.0.1:4041" },
  "gateway.tenant-id": { text: "team-a", value: "team-a" },
  "gateway.routes": {
    text: '[{"path":"/settings.v1.SettingsService/Set","methods":["post"],"allow":["readonly"]}]',
    value: [{ path: "/settings.v1.SettingsService/Set", methods: ["POST"], allow: ["ReadOnly"] }],
  },
  "gateway.timeout": { text: "2m", value: "2m" },
  "storage-path": { text: "/tmp/pyro", value: "/tmp/pyro" },
  "database.url": { text: "sqlite:///tmp/x.db", value: "sqlite:///tmp/x.db" },
  "api-bind-addr": { text: "127.0.0.1:8080", value: "127.0.0.1:8080" },
  "base-url": { text: "/pyroscope/", value: "/pyroscope" },
  "tls-certificate-file": { text: "/c.pem", value: "/c.pem" },
  "tls-key-file": { text: "/k.pem", value: "/k.pem" },
  "log-level": { text: "DEBUG", value: "debug" },
};

/** Nests `a.b.c: v` into `a: { b: { c: v } }` YAML, as a user would write it. */
function nestedYaml(key: string, text: string): string {
  const parts = key.split(".");
  return parts
    .map(
      (part, depth) =>
        `${"  ".repeat(depth)}${part}:${depth === parts.length - 1 ? ` ${JSON.stringify(text)}` : ""}`,
    )
    .join("\n");
}

describe("loadConfig", () => {
  it("uses the original's defaults when nothing is set", () => {
    const { config, warnings } = loadConfig({ argv: [], env: {} });
    expect(config["auth.internal.enabled"]).toBe(false);
    expect(config["auth.internal.signup-enabled"]).toBe(false);
    expect(config["auth.signup-default-role"]).toBe("ReadOnly");
    expect(config["auth.internal.admin.create"]).toBe(true);
    expect(config["auth.internal.admin.name"]).toBe("admin");
    expect(config["auth.internal.admin.password"]).toBe("admin");
    expect(config["auth.internal.admin.email"]).toBe("admin@localhost.localdomain");
    expect(config["auth.jwt-secret"]).toBe("");
    expect(config["auth.login-maximum-lifetime-days"]).toBe(0);
    expect(config["auth.login-maximum-inactive-days"]).toBe(7);
    expect(config["auth.cookie-same-site"]).toBe("Lax");
    expect(config["auth.cookie-secure"]).toBe(false);
    expect(config["auth.internal.password-min-length"]).toBe(8);
    expect(config["auth.login-throttle.enabled"]).toBe(true);
    expect(config["storage-path"]).toBe("/var/lib/pyroscope");
    expect(config["api-bind-addr"]).toBe(":4040");
    expect(warnings).toEqual([]);
  });

  // The TLS pair must be set together, so those two keys are checked with a partner value.
  const partner = (key: ConfigKey): Record<string, string> =>
    key === "tls-certificate-file"
      ? { "tls-key-file": "/k.pem" }
      : key === "tls-key-file"
        ? { "tls-certificate-file": "/c.pem" }
        : {};

  it.each(configKeys)("reads %s from a nested YAML file", (key) => {
    const extra = Object.entries(partner(key)).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
    const path = yamlFile([nestedYaml(key, samples[key].text), ...extra].join("\n"));
    expect(loadConfig({ argv: ["--config", path], env: {} }).config[key]).toEqual(
      samples[key].value,
    );
  });

  it.each(configKeys)("reads %s from its PYROSCOPE_ env var", (key) => {
    const env: Record<string, string> = { [envVarName(key)]: samples[key].text };
    for (const [k, v] of Object.entries(partner(key))) env[envVarName(k)] = v;
    expect(loadConfig({ argv: [], env }).config[key]).toEqual(samples[key].value);
  });

  it.each(configKeys)("reads %s from a --flag", (key) => {
    const argv = [
      `--${key}=${samples[key].text}`,
      ...Object.entries(partner(key)).map(([k, v]) => `--${k}=${v}`),
    ];
    expect(loadConfig({ argv, env: {} }).config[key]).toEqual(samples[key].value);
  });

  it("names env vars like the original", () => {
    expect(envVarName("auth.internal.signup-enabled")).toBe(
      "PYROSCOPE_AUTH_INTERNAL_SIGNUP_ENABLED",
    );
    expect(envVarName("auth.internal.admin.name")).toBe("PYROSCOPE_AUTH_INTERNAL_ADMIN_NAME");
  });

  it("ranks flags over env vars over the file over defaults", () => {
    const path = yamlFile(
      "auth:\n  signup-default-role: Agent\n  internal:\n    admin:\n      name: from-file\n      email: file@example.com\n",
    );
    const env = {
      PYROSCOPE_AUTH_INTERNAL_ADMIN_NAME: "from-env",
      PYROSCOPE_AUTH_SIGNUP_DEFAULT_ROLE: "admin",
    };
    const { config } = loadConfig({
      argv: ["--config", path, "--auth.internal.admin.name", "from-flag"],
      env,
    });
    expect(config["auth.internal.admin.name"]).toBe("from-flag");
    expect(config["auth.signup-default-role"]).toBe("Admin");
    expect(config["auth.internal.admin.email"]).toBe("file@example.com");
    expect(config["auth.internal.admin.password"]).toBe("admin");
  });

  it("finds the file through PYROSCOPE_CONFIG, and --config wins over it", () => {
    const fromEnv = yamlFile("auth:\n  internal:\n    enabled: true\n");
    const fromFlag = yamlFile("auth:\n  internal:\n    signup-enabled: true\n");
    expect(loadConfig({ env: { PYROSCOPE_CONFIG: fromEnv } }).config["auth.internal.enabled"]).toBe(
      true,
    );
    const both = loadConfig({ argv: [`--config=${fromFlag}`], env: { PYROSCOPE_CONFIG: fromEnv } });
    expect(both.config["auth.internal.enabled"]).toBe(false);
    expect(both.config["auth.internal.signup-enabled"]).toBe(true);
  });

  it("accepts the three flag spellings and the original's admin-user block", () => {
    const bare = loadConfig({ argv: ["--auth.internal.enabled"], env: {} }).config;
    const spaced = loadConfig({ argv: ["--auth.internal.enabled", "false"], env: {} }).config;
    const equals = loadConfig({ argv: ["--auth.internal.enabled=true"], env: {} }).config;
    expect([
      bare["auth.internal.enabled"],
      spaced["auth.internal.enabled"],
      equals["auth.internal.enabled"],
    ]).toEqual([true, false, true]);

    const alias = loadConfig({
      argv: ["--auth.internal.admin-user.name", "boss", "--auth.internal.admin-user.create=false"],
      env: { PYROSCOPE_AUTH_INTERNAL_ADMIN_USER_EMAIL: "boss@example.com" },
    }).config;
    expect(alias["auth.internal.admin.name"]).toBe("boss");
    expect(alias["auth.internal.admin.create"]).toBe(false);
    expect(alias["auth.internal.admin.email"]).toBe("boss@example.com");
  });

  it("leaves arguments that are not config flags for the program", () => {
    const { rest, config } = loadConfig({
      argv: ["admin", "--print-config", "--auth.internal.enabled", "user"],
      env: {},
    });
    expect(rest).toEqual(["admin", "--print-config", "user"]);
    expect(config["auth.internal.enabled"]).toBe(true);
  });

  it("refuses a flag that needs a value and has none", () => {
    expect(() => loadConfig({ argv: ["--auth.internal.admin.name"], env: {} })).toThrow(
      "flag --auth.internal.admin.name needs a value",
    );
  });

  it("substitutes ${VAR} and ${VAR:-fallback} inside the file", () => {
    const path = yamlFile(
      "auth:\n  jwt-secret: ${JWT}\n  internal:\n    admin:\n      password: ${ADMIN_PASS:-fallback-pass}\n      name: ${MISSING}x\n",
    );
    const { config, warnings } = loadConfig({
      argv: ["--config", path],
      env: { JWT: "j".repeat(40) },
    });
    expect(config["auth.jwt-secret"]).toBe("j".repeat(40));
    expect(config["auth.internal.admin.password"]).toBe("fallback-pass");
    expect(config["auth.internal.admin.name"]).toBe("x");
    expect(warnings).toEqual([expect.stringContaining("${MISSING} is not set")]);
  });

  it("names the unset ${VAR} behind a value it leaves bad", () => {
    const path = yamlFile("storage-path: ${DATA_DIR}\n");
    expect(() => loadConfig({ argv: ["--config", path], env: {} })).toThrow(
      expect.objectContaining({
        message: 'storage-path: "" must not be empty',
        warnings: [`config file ${JSON.stringify(path)}: \${DATA_DIR} is not set; using ""`],
      }),
    );
  });

  it("refuses a named config file that does not exist", () => {
    expect(() => loadConfig({ argv: ["--config", join(dir, "nope.yml")], env: {} })).toThrow(
      /nope\.yml": not found/,
    );
    expect(() => loadConfig({ env: { PYROSCOPE_CONFIG: join(dir, "nope.yml") } })).toThrow(
      ConfigError,
    );
  });

  it("refuses broken YAML and a file that is not a mapping, in one line", () => {
    expect(() => loadConfig({ argv: ["--config", yamlFile("auth: [unclosed")], env: {} })).toThrow(
      /invalid YAML/,
    );
    const invalid = (text: string) => () =>
      loadConfig({ argv: ["--config", yamlFile(text)], env: {} });
    expect(invalid("auth:\n\tinternal: true\n")).toThrow(
      /": invalid YAML: Tabs are not allowed as indentation \(line 2, column 1\)$/,
    );
    expect(invalid("auth: {}\n---\nauth: {}\n")).toThrow(
      /": invalid YAML: more than one document \(a --- line between settings\); keep one \(line 2, column 1\)$/,
    );
    expect(() => loadConfig({ argv: ["--config", yamlFile("- a\n- b\n")], env: {} })).toThrow(
      /expected a mapping/,
    );
  });

  it("refuses a section given a value, without echoing the value", () => {
    expect(() => loadConfig({ argv: ["--config", yamlFile("auth: 5\n")], env: {} })).toThrow(
      /"auth" must be a mapping of settings \(e\.g\. auth\.[a-z.-]+\), not a number$/,
    );
    const misplacedSecret = yamlFile("auth:\n  internal: hunter2-secret\n");
    expect(() => loadConfig({ argv: ["--config", misplacedSecret], env: {} })).toThrow(
      /^config file ".+": "auth\.internal" must be a mapping of settings \(e\.g\. auth\.internal\.[a-z.-]+\), not a string$/,
    );
    // The original's spelling of the admin block is a section too.
    const adminUser = yamlFile("auth:\n  internal:\n    admin-user: 5\n");
    expect(() => loadConfig({ argv: ["--config", adminUser], env: {} })).toThrow(
      /"auth\.internal\.admin-user" must be a mapping of settings \(e\.g\. auth\.internal\.admin\.[a-z-]+\), not a number$/,
    );
  });

  it("refuses an unknown auth. key, naming the closest one: a typo must not turn login off", () => {
    const typo = yamlFile("auth:\n  internal:\n    enable: true\n");
    expect(() => loadConfig({ argv: ["--config", typo], env: {} })).toThrow(
      /unknown key "auth\.internal\.enable" \(did you mean auth\.internal\.enabled\?\)/,
    );
    expect(() => loadConfig({ argv: ["--auth.internal.enable"], env: {} })).toThrow(
      /unknown flag "auth\.internal\.enable" \(did you mean auth\.internal\.enabled\?\)/,
    );
    expect(() =>
      loadConfig({ argv: ["--auth.internal.admin.passwrd=a-secret-value"], env: {} }),
    ).toThrow(/did you mean auth\.internal\.admin\.password\?/);
    try {
      loadConfig({ argv: ["--auth.internal.admin.passwrd=a-secret-value"], env: {} });
    } catch (error) {
      expect(String(error)).not.toContain("a-secret-value");
    }
    expect(() => loadConfig({ argv: [], env: { PYROSCOPE_AUTH_INTERNAL_ENABLD: "true" } })).toThrow(
      /environment variable PYROSCOPE_AUTH_INTERNAL_ENABLD sets no option of pyroscope-auth \(did you mean PYROSCOPE_AUTH_INTERNAL_ENABLED\?\)/,
    );
    const farOff = yamlFile("auth:\n  colour: blue\n");
    expect(() => loadConfig({ argv: ["--config", farOff], env: {} })).toThrow(
      /unknown key "auth\.colour": nothing under auth\. is ignored/,
    );
  });

  it("refuses the original's external providers when turned on, and ignores them off", () => {
    const on = yamlFile("auth:\n  github:\n    enabled: true\n    client-id: x\n");
    expect(() => loadConfig({ argv: ["--config", on], env: {} })).toThrow(
      /auth\.github\.enabled: external sign-in providers \(Google, GitHub, GitLab\) are not supported yet/,
    );
    expect(() => loadConfig({ argv: ["--auth.google.enabled"], env: {} })).toThrow(
      /not supported yet/,
    );
    expect(() => loadConfig({ argv: [], env: { PYROSCOPE_AUTH_GITLAB_ENABLED: "true" } })).toThrow(
      /PYROSCOPE_AUTH_GITLAB_ENABLED: external sign-in providers/,
    );
    const off = yamlFile("auth:\n  google:\n    enabled: false\n    client-secret: s\n");
    const { warnings, notices } = loadConfig({
      argv: ["--config", off],
      env: { PYROSCOPE_AUTH_GITHUB_ENABLED: "false", PYROSCOPE_AUTH_TOKEN: "an agent's token" },
    });
    expect(warnings).toEqual([]);
    expect(notices).toEqual([
      expect.stringContaining("auth.google.enabled, auth.google.client-secret"),
    ]);
  });

  it("reads the original's server.yml: its listen address, its other settings left quietly aside", () => {
    const path = yamlFile(
      "api-bind-addr: 127.0.0.1:4141\nretention: 30d\nstorage-path: /tmp/pyro\ncors:\n  allowed-origins: [x]\nauth:\n  internal:\n    enabled: true\nsomething-else: 1\n",
    );
    const { config, warnings, notices } = loadConfig({ argv: ["--config", path], env: {} });
    expect(config["api-bind-addr"]).toBe("127.0.0.1:4141");
    expect(config["auth.internal.enabled"]).toBe(true);
    expect(notices).toEqual([
      "settings of the Pyroscope server that do not concern pyroscope-auth, ignored: retention, cors.allowed-origins",
    ]);
    expect(warnings).toEqual([expect.stringContaining('unknown key "something-else" ignored')]);
    expect(
      loadConfig({ argv: [], env: { PYROSCOPE_API_BIND_ADDR: "127.0.0.1:4242" } }).config[
        "api-bind-addr"
      ],
    ).toBe("127.0.0.1:4242");
    expect(
      loadConfig({ argv: ["--http-addr=127.0.0.1:4343"], env: {} }).config["api-bind-addr"],
    ).toBe("127.0.0.1:4343");
    expect(() => loadConfig({ argv: ["--base-url=/pyroscope/../admin/"], env: {} })).toThrow(
      /base-url: "\/pyroscope\/..\/admin\/" is not a path prefix/,
    );
  });

  it("leaves other PYROSCOPE_* variables alone", () => {
    const { config, warnings } = loadConfig({
      env: {
        PYROSCOPE_AUTH_INTERNAL_ADMIN_USER_NAME: "root",
        // Pyroscope's other settings, its agents' and the CLI's own are not this loader's to judge.
        PYROSCOPE_SERVER_ADDRESS: "http://pyroscope:4040",
        PYROSCOPE_AUTH_TOKEN: "an agent's token",
        PYROSCOPE_USERNAME: "admin",
      },
    });
    expect(config["auth.internal.admin.name"]).toBe("root");
    expect(warnings).toEqual([]);
  });

  it.each([
    [
      ["--auth.signup-default-role=Owner"],
      'auth.signup-default-role: "Owner" is not a role (Admin, ReadOnly, Agent)',
    ],
    [
      ["--auth.internal.signup-enabled=maybe"],
      'auth.internal.signup-enabled: "maybe" is not a boolean (true, false)',
    ],
    [
      ["--auth.cookie-same-site=lenient"],
      'auth.cookie-same-site: "lenient" is not a SameSite mode (Lax, Strict, None)',
    ],
    [
      ["--auth.login-maximum-inactive-days=-1"],
      'auth.login-maximum-inactive-days: "-1" is not a whole number from 0 to 3650',
    ],
    [
      ["--auth.internal.password-min-length=eight"],
      'auth.internal.password-min-length: "eight" is not a whole number from 1 to 128',
    ],
    [["--api-bind-addr=4040"], 'api-bind-addr: "4040" is not an address ([host]:port)'],
    [["--http-addr=:70000"], 'api-bind-addr: ":70000" has a port above 65535'],
    [["--log-level=loud"], 'log-level: "loud" is not a log level (debug, info, warn, error)'],
    [["--api-bind-addr=garbage"], 'api-bind-addr: "garbage" is not an address ([host]:port)'],
    [["--storage-path="], 'storage-path: "" must not be empty'],
    [
      ["--auth.trusted-proxies=10.0.0.0/8,nope"],
      'auth.trusted-proxies: "10.0.0.0/8,nope" holds "nope", which is not an IP address, a CIDR range, loopback, linklocal or uniquelocal',
    ],
    [
      ["--auth.trusted-proxies=10.0.0.0/0"],
      'auth.trusted-proxies: "10.0.0.0/0" holds "10.0.0.0/0", which is not an IP address, a CIDR range, loopback, linklocal or uniquelocal',
    ],
    [
      ["--auth.trusted-proxies=10.0.0.0/255.0.255.0"],
      'auth.trusted-proxies: "10.0.0.0/255.0.255.0" holds "10.0.0.0/255.0.255.0", which is not an IP address, a CIDR range, loopback, linklocal or uniquelocal',
    ],
    [
      ["--auth.trusted-proxies=10.0.0.1/33"],
      'auth.trusted-proxies: "10.0.0.1/33" holds "10.0.0.1/33", which is not an IP address, a CIDR range, loopback, linklocal or uniquelocal',
    ],
    [
      ["--auth.allowed-hosts=https://pyroscope.example"],
      'auth.allowed-hosts: "https://pyroscope.example" holds "https://pyroscope.example", which is not a host name (or *, any name)',
    ],
    [
      ["--auth.internal.totp.required-roles=Admin,Owner"],
      'auth.internal.totp.required-roles: "Admin,Owner" holds "Owner", which is not a role (Admin, ReadOnly, Agent)',
    ],
    [
      ["--auth.internal.totp.required-roles=Admin", "--auth.internal.totp.enabled=false"],
      "auth.internal.totp.required-roles needs auth.internal.totp.enabled: true (people of those roles must be able to set one up)",
    ],
    [
      ["--auth.trusted-origins=grafana.example"],
      'auth.trusted-origins: "grafana.example" holds "grafana.example", which is not an origin (https://host[:port])',
    ],
    [
      ["--auth.trusted-origins=https://grafana.example/"],
      'auth.trusted-origins: "https://grafana.example/" holds "https://grafana.example/", which is not an origin (https://host[:port])',
    ],
  ])("refuses %j with one line naming key, value and what is allowed", (argv, message) => {
    expect(() => loadConfig({ argv, env: {} })).toThrow(new ConfigError(message));
  });

  it("reports every bad value, one line each", () => {
    const error = (() => {
      try {
        loadConfig({ argv: ["--auth.signup-default-role=x", "--auth.cookie-secure=y"], env: {} });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message.split("\n")).toHaveLength(2);
  });

  it("never echoes a secret in an error", () => {
    const attempt = () => loadConfig({ argv: ["--auth.jwt-secret=hunter2-short"], env: {} });
    expect(attempt).toThrow("auth.jwt-secret: (value hidden) is too short");
    expect(attempt).not.toThrow(/hunter2/);
  });

  it("refuses half a TLS pair", () => {
    expect(() => loadConfig({ argv: ["--tls-certificate-file=/c.pem"], env: {} })).toThrow(
      "tls-certificate-file and tls-key-file must be set together",
    );
  });

  it("forces Secure cookies with SameSite=None, and says so", () => {
    const { config, warnings } = loadConfig({ argv: ["--auth.cookie-same-site=None"], env: {} });
    expect(config["auth.cookie-secure"]).toBe(true);
    expect(warnings).toContain(
      "auth.cookie-secure forced to true because auth.cookie-same-site is None",
    );
  });

  it("reads YAML numbers as text where text is expected", () => {
    const path = yamlFile("auth:\n  internal:\n    admin:\n      password: 12345678\n");
    expect(
      loadConfig({ argv: ["--config", path], env: {} }).config["auth.internal.admin.password"],
    ).toBe("12345678");
  });
});

describe("printConfig", () => {
  it("masks secrets and loads back as a config file", () => {
    const { config } = loadConfig({
      argv: [
        "--auth.jwt-secret",
        "s".repeat(32),
        "--auth.internal.admin.password=topsecret",
        "--auth.internal.enabled",
      ],
      env: {},
    });
    const printed = printConfig(config);
    expect(printed).not.toContain("topsecret");
    expect(printed).not.toContain("s".repeat(32));
    expect(printed).toContain("# auth.jwt-secret: <redacted>");
    expect(printed).toContain('database.url: ""');
    const reloaded = loadConfig({ argv: ["--config", yamlFile(printed)], env: {} }).config;
    expect(reloaded["auth.internal.enabled"]).toBe(true);
    expect(reloaded["auth.internal.admin.password"]).toBe("admin");
  });
});
