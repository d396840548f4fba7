import { ConfigError } from "./errors.js";
import {
  configFileFromEnv,
  type Environment,
  processEnvironment,
  readConfigEnv,
  refusedAuthVariables,
} from "./from-env.js";
import { parseConfigFlags } from "./from-flags.js";
import { readConfigFile } from "./from-yaml.js";
import { type Config, type ConfigKey, configSchema, secretConfigKeys } from "./schema.js";

export interface LoadConfigOptions {
  /** Command-line arguments after the program name. */
  readonly argv?: readonly string[];
  readonly env?: Environment;
}

export interface LoadedConfig {
  readonly config: Config;
  /** Problems that do not stop start-up; the caller logs them. */
  readonly warnings: string[];
  /** What the caller logs as information (the original server's settings left aside). */
  readonly notices: string[];
  /** Arguments that were not config flags, for the program's own parser. */
  readonly rest: string[];
  readonly configFile?: string | undefined;
}

function describeValue(key: ConfigKey, value: unknown): string {
  if (secretConfigKeys.has(key)) return "(value hidden)";
  return JSON.stringify(value) ?? String(value);
}

/**
 * Merges defaults < YAML file < `PYROSCOPE_*` env vars < flags, then checks every value.
 * Throws ConfigError with one line per bad value: key, value, and what is allowed.
 */
export function loadConfig({
  argv = [],
  env = processEnvironment(),
}: LoadConfigOptions = {}): LoadedConfig {
  const flags = parseConfigFlags(argv);
  const configFile = flags.configFile ?? configFileFromEnv(env);
  const file = configFile
    ? readConfigFile(configFile, env)
    : { values: {}, warnings: [], ignored: [] };
  const refusedVariables = refusedAuthVariables(env);
  if (refusedVariables.length > 0)
    throw new ConfigError(refusedVariables.join("\n"), file.warnings);
  const raw: Partial<Record<ConfigKey, unknown>> = {
    ...file.values,
    ...readConfigEnv(env),
    ...flags.values,
  };

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as ConfigKey;
      return `${key}: ${describeValue(key, raw[key])} ${issue.message}`;
    });
    throw new ConfigError(lines.join("\n"), file.warnings);
  }

  const config = parsed.data;
  const warnings = [...file.warnings];
  const notices =
    file.ignored.length > 0
      ? [
          `settings of the Pyroscope server that do not concern pyroscope-auth, ignored: ${file.ignored.join(", ")}`,
        ]
      : [];
  if (Boolean(config["tls-certificate-file"]) !== Boolean(config["tls-key-file"])) {
    throw new ConfigError("tls-certificate-file and tls-key-file must be set together");
  }
  if (config["auth.cookie-same-site"] === "None" && !config["auth.cookie-secure"]) {
    // Browsers drop SameSite=None cookies that are not Secure; say so instead of failing later.
    config["auth.cookie-secure"] = true;
    warnings.push("auth.cookie-secure forced to true because auth.cookie-same-site is None");
  }
  // A required second factor nobody may set up would lock those roles out: refused, not ignored.
  if (
    config["auth.internal.totp.required-roles"].length > 0 &&
    !config["auth.internal.totp.enabled"]
  ) {
    throw new ConfigError(
      "auth.internal.totp.required-roles needs auth.internal.totp.enabled: true (people of those roles must be able to set one up)",
    );
  }
  if (config["auth.internal.signup-enabled"] && !config["auth.internal.enabled"]) {
    warnings.push(
      "auth.internal.signup-enabled has no effect while auth.internal.enabled is false",
    );
  }
  return { config, warnings, notices, rest: flags.rest, configFile };
}

/**
 * The effective config as YAML that loads back. A secret that is set is printed commented out
 * as `<redacted>`: visible as set, never shown, and not read back as a value.
 */
export function printConfig(config: Config): string {
  return Object.entries(config)
    .map(([key, value]) =>
      secretConfigKeys.has(key as ConfigKey) && value !== ""
        ? `# ${key}: <redacted>`
        : `${key}: ${JSON.stringify(value)}`,
    )
    .join("\n");
}
