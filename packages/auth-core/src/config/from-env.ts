import { type ConfigKey, canonicalConfigKey, configKeys } from "./schema.js";

export type Environment = Readonly<Record<string, string | undefined>>;

/** The only place that reads the process environment (see STYLE.md rule 5). */
export function processEnvironment(): Environment {
  return process.env;
}

/** `auth.internal.signup-enabled` → `PYROSCOPE_AUTH_INTERNAL_SIGNUP_ENABLED`, as the original. */
export function envVarName(key: string): string {
  return `PYROSCOPE_${key.toUpperCase().replace(/[.-]/g, "_")}`;
}

const namesToKeys = new Map<string, ConfigKey>(
  configKeys.flatMap((key) => {
    const alias = key.replace(/^auth\.internal\.admin\./, "auth.internal.admin-user.");
    return [
      [envVarName(key), key],
      [envVarName(alias), key],
    ] as const;
  }),
);

/** Config values set through `PYROSCOPE_*` variables, by key. */
export function readConfigEnv(env: Environment): Partial<Record<ConfigKey, string>> {
  const values: Partial<Record<ConfigKey, string>> = {};
  for (const [name, value] of Object.entries(env)) {
    const key = namesToKeys.get(name);
    if (key && value !== undefined) values[canonicalConfigKey(key) as ConfigKey] = value;
  }
  return values;
}

/**
 * Pyroscope's own `PYROSCOPE_AUTH_*` names that this service does not implement: its OAuth
 * providers, and the token its agents send. An environment shared with Pyroscope holds them.
 */
const pyroscopeAuthNames = /^PYROSCOPE_AUTH_(GOOGLE|GITHUB|GITLAB|GENERIC|TOKEN)(_|$)/;

/**
 * `PYROSCOPE_AUTH_*` names that set nothing here, misspelt ones among them, which would otherwise
 * go unnoticed. (Other `PYROSCOPE_*` names belong to the rest of Pyroscope and its agents.)
 */
export function unknownAuthVariables(env: Environment): string[] {
  return Object.keys(env)
    .filter(
      (name) =>
        name.startsWith("PYROSCOPE_AUTH_") &&
        !namesToKeys.has(name) &&
        !pyroscopeAuthNames.test(name),
    )
    .sort();
}

export function configFileFromEnv(env: Environment): string | undefined {
  return env.PYROSCOPE_CONFIG || undefined;
}
