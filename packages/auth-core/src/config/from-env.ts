import { parseBooleanWord } from "./boolean-word.js";
import { type ConfigKey, canonicalConfigKey, configKeys } from "./schema.js";
import { closestName } from "./unknown-keys.js";

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
    const alias =
      key === "api-bind-addr"
        ? "http-addr"
        : key.replace(/^auth\.internal\.admin\./, "auth.internal.admin-user.");
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
 * providers, its API keys' bcrypt cost, and the token its agents send. An environment shared
 * with Pyroscope holds them.
 */
const pyroscopeAuthNames =
  /^PYROSCOPE_AUTH_(GOOGLE|GITHUB|GITLAB|GENERIC|TOKEN|API_KEY_BCRYPT_COST)(_|$)/;
const externalProviderSwitch = /^PYROSCOPE_AUTH_(GOOGLE|GITHUB|GITLAB|GENERIC)_ENABLED$/;

/**
 * Why the `PYROSCOPE_AUTH_*` variables that set nothing here stop start-up: a misspelt one (a
 * typo could turn authentication off), named with the closest known variable, and an external
 * provider of the original's turned on. Pyroscope's other auth names are left alone, and so are
 * other `PYROSCOPE_*` names, which belong to the rest of Pyroscope and its agents.
 */
export function refusedAuthVariables(env: Environment): string[] {
  const known = [...namesToKeys.keys()];
  return Object.keys(env)
    .filter((name) => name.startsWith("PYROSCOPE_AUTH_") && !namesToKeys.has(name))
    .sort()
    .flatMap((name) => {
      if (externalProviderSwitch.test(name))
        return parseBooleanWord(env[name] ?? "") === true
          ? [
              `environment variable ${name}: external sign-in providers (Google, GitHub, GitLab) are not supported yet; use auth.internal, and leave it unset or false`,
            ]
          : [];
      if (pyroscopeAuthNames.test(name)) return [];
      const near = closestName(name, known);
      return [
        `environment variable ${name} sets no option of pyroscope-auth${near ? ` (did you mean ${near}?)` : ""}: nothing under PYROSCOPE_AUTH_ is ignored, as a typo there could turn authentication off`,
      ];
    });
}

export function configFileFromEnv(env: Environment): string | undefined {
  return env.PYROSCOPE_CONFIG || undefined;
}
