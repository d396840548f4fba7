import { ConfigError } from "./errors.js";
import { type ConfigKey, canonicalConfigKey, configSchema, isConfigKey } from "./schema.js";
import { judgeUnknownKey } from "./unknown-keys.js";

export interface ConfigFlags {
  readonly values: Partial<Record<ConfigKey, string>>;
  readonly configFile?: string | undefined;
  /** Arguments that are not config flags, in order, for the program's own parser. */
  readonly rest: string[];
}

const defaults = configSchema.parse({});
const booleanWords = /^(true|false|1|0|yes|no|on|off|t|f)$/i;

/**
 * Reads `--<key>=value`, `--<key> value` and, for booleans, a bare `--<key>` (true), including
 * the original's `--auth.internal.admin-user.<x>` spelling, plus `--config FILE`.
 */
export function parseConfigFlags(argv: readonly string[]): ConfigFlags {
  const values: Partial<Record<ConfigKey, string>> = {};
  const rest: string[] = [];
  let configFile: string | undefined;

  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? "";
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1] ? canonicalConfigKey(match[1]) : undefined;
    if (name?.startsWith("auth.") && !isConfigKey(name)) {
      // Named without its value: a mistyped password flag's value is a secret.
      const verdict = judgeUnknownKey(name, match?.[2] ?? true);
      if (verdict.kind === "refuse")
        throw new ConfigError(verdict.reason.replace(/^unknown key/, "unknown flag"));
      continue;
    }
    if (!match || !name || (name !== "config" && !isConfigKey(name))) {
      rest.push(arg);
      continue;
    }
    let value = match[2];
    if (value === undefined) {
      const next = argv[index + 1];
      const isBoolean = name !== "config" && typeof defaults[name as ConfigKey] === "boolean";
      if (isBoolean) {
        value = next !== undefined && booleanWords.test(next) ? next : "true";
        if (value === next) index++;
      } else if (next === undefined || next.startsWith("--")) {
        throw new ConfigError(`flag --${match[1]} needs a value`);
      } else {
        value = next;
        index++;
      }
    }
    if (name === "config") configFile = value;
    else values[name as ConfigKey] = value;
  }
  return { values, configFile, rest };
}
