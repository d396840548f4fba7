import { configDescriptions } from "./descriptions.js";
import { envVarName } from "./from-env.js";
import { type ConfigKey, configKeys, configSchema } from "./schema.js";

function shown(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "[]" : value.join(",");
  return value === "" ? '""' : String(value);
}

/**
 * Every key with its default, its variable and what it does, from the schema (the one list of
 * keys) and configDescriptions: what `--help` prints.
 */
export function configHelp(): string {
  const defaults = configSchema.parse({}) as Record<ConfigKey, unknown>;
  return configKeys
    .map(
      (key) =>
        `  --${key}  (default ${shown(defaults[key])}; ${envVarName(key)})\n      ${configDescriptions[key]}`,
    )
    .join("\n");
}
