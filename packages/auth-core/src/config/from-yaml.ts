import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { ConfigError } from "./errors.js";
import type { Environment } from "./from-env.js";
import { type ConfigKey, canonicalConfigKey, configKeys, isConfigKey } from "./schema.js";
import { judgeUnknownKey } from "./unknown-keys.js";

export interface ConfigFile {
  readonly values: Partial<Record<ConfigKey, unknown>>;
  readonly warnings: string[];
  /** The original server's settings that do not concern this one, ignored quietly. */
  readonly ignored: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What a YAML scalar or list is, for a message that must not echo it (it may be a secret). */
function kindOf(value: unknown): string {
  return Array.isArray(value) ? "a list" : `a ${typeof value}`;
}

/** `${VAR}` and `${VAR:-fallback}` inside string values; an unset VAR without fallback is "". */
function substitute(value: string, env: Environment, unset: Set<string>): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
    (_, name: string, fallback?: string) => {
      const found = env[name];
      if (found !== undefined && found !== "") return found;
      if (fallback === undefined) unset.add(name);
      return fallback ?? "";
    },
  );
}

/**
 * The parser's reason in one line, with where: its message ends in "at line L, column C:"
 * before an excerpt, and one reason names an API of the parser instead of the file's mistake.
 */
function describeYamlError(error: unknown): string {
  const { code, linePos, message } = error as {
    code?: string;
    linePos?: { line: number; col: number }[];
    message?: string;
  };
  const reason =
    code === "MULTIPLE_DOCS"
      ? "more than one document (a --- line between settings); keep one"
      : String(message)
          .split("\n")[0]
          ?.replace(/ at line \d+, column \d+:?$/, "");
  const at = linePos?.[0];
  return at ? `${reason} (line ${at.line}, column ${at.col})` : `${reason}`;
}

/**
 * Reads a YAML config file into dotted keys. Nesting and dotted keys mix freely
 * (`auth: { internal.enabled: true }`), so the output of printConfig loads back.
 */
export function readConfigFile(path: string, env: Environment): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : "cannot be read";
    throw new ConfigError(`config file ${JSON.stringify(path)}: ${reason}`);
  }
  let document: unknown;
  try {
    document = parse(text) ?? {};
  } catch (error) {
    throw new ConfigError(
      `config file ${JSON.stringify(path)}: invalid YAML: ${describeYamlError(error)}`,
    );
  }
  if (!isPlainObject(document)) {
    throw new ConfigError(
      `config file ${JSON.stringify(path)}: expected a mapping of keys to values`,
    );
  }

  const values: Partial<Record<ConfigKey, unknown>> = {};
  const warnings: string[] = [];
  const ignored: string[] = [];
  const refusals: string[] = [];
  const unset = new Set<string>();
  const visit = (node: Record<string, unknown>, prefix: string) => {
    for (const [name, child] of Object.entries(node)) {
      const key = canonicalConfigKey(prefix + name);
      // `admin:` or `jwt-secret:` with nothing after it: YAML null, meaning "not set here".
      if (child === null || child === undefined) continue;
      if (isConfigKey(key)) {
        values[key] =
          typeof child === "string"
            ? substitute(child, env, unset)
            : Array.isArray(child)
              ? child.map((item) =>
                  typeof item === "string" ? substitute(item, env, unset) : item,
                )
              : child;
      } else if (isPlainObject(child)) {
        visit(child, `${key}.`);
      } else {
        // A section given a value (`auth: 5`) is a mistake, not an unknown key to skip.
        const section = canonicalConfigKey(`${key}.`);
        const example = configKeys.find((known) => known.startsWith(section));
        if (example) {
          throw new ConfigError(
            `config file ${JSON.stringify(path)}: ${JSON.stringify(key)} must be a mapping of settings (e.g. ${example}), not ${kindOf(child)}`,
          );
        }
        const verdict = judgeUnknownKey(key, child);
        if (verdict.kind === "refuse")
          refusals.push(`config file ${JSON.stringify(path)}: ${verdict.reason}`);
        else if (verdict.kind === "ignore-quietly") ignored.push(key);
        else
          warnings.push(
            `config file ${JSON.stringify(path)}: unknown key ${JSON.stringify(key)} ignored`,
          );
      }
    }
  };
  visit(document, "");
  if (refusals.length > 0) throw new ConfigError(refusals.join("\n"));
  for (const name of unset) {
    warnings.push(`config file ${JSON.stringify(path)}: \${${name}} is not set; using ""`);
  }
  return { values, warnings, ignored };
}
