import { Command, InvalidArgumentError } from "commander";
import type { CliRuntime } from "./cli-context.js";
import { createApiKeyCommand } from "./commands/admin/api-key/create.js";
import { deleteApiKeyCommand } from "./commands/admin/api-key/delete.js";
import { listApiKeysCommand } from "./commands/admin/api-key/list.js";
import { listAuditCommand } from "./commands/admin/audit/list.js";
import { createUserCommand } from "./commands/admin/user/create.js";
import { listUsersCommand } from "./commands/admin/user/list.js";
import { logoutCommand } from "./commands/admin/user/logout.js";
import { resetPasswordCommand } from "./commands/admin/user/reset-password.js";
import { resetSecondFactorCommand } from "./commands/admin/user/reset-second-factor.js";
import { setDisabledCommand } from "./commands/admin/user/set-disabled.js";
import { unlockCommand } from "./commands/admin/user/unlock.js";

const configHelp = `
Configuration (to find the database), as for the server:
  --config FILE                the server's YAML config file (or PYROSCOPE_CONFIG)
  --storage-path DIR           where pyroscope.sqlite3 lives (default /var/lib/pyroscope)
  --<config key>=<value>       any other key, e.g. --database.url=sqlite:/data/auth.db
  PYROSCOPE_<KEY>              environment variables, e.g. PYROSCOPE_STORAGE_PATH

Example:
  pyroscope admin user reset-password --username admin --password-stdin --enable --storage-path /var/lib/pyroscope`;

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent)
    names.unshift(current.name());
  return names.join(" ");
}

/** The line shown after a usage error, commander's or a command's own. */
export function usageLine(command: Command): string {
  return `usage: ${commandPath(command)} ${command.usage()}`;
}

/**
 * Commander gives an option the next word as its value even when that word is another of the
 * command's options: `--password --enable` reset the password to "--enable" and enabled nobody.
 */
function refuseOptionsAsValues(command: Command): void {
  const flags = new Set(["--help", "-h"]);
  for (const option of command.options) {
    if (option.long) flags.add(option.long);
    if (option.short) flags.add(option.short);
  }
  for (const option of command.options) {
    if (!option.required) continue;
    const parse = option.parseArg;
    option.argParser((value: string, previous: unknown) => {
      const flag = value.split("=")[0] ?? value;
      if (flags.has(flag))
        throw new InvalidArgumentError(`the value is missing (${flag} is an option)`);
      return parse ? parse(value, previous) : value;
    });
  }
}

/**
 * `--pasword=…` is unknown, and what follows its `=` may be a secret that would end up in a
 * terminal's scrollback or a job's log: the message names the option only.
 */
function hideUnknownOptionValue(message: string): string {
  return message.replace(/^(error: unknown option '[^'=]+)=[^']*'/, "$1=…'");
}

/** Every level: a usage line after a usage error, errors thrown rather than exiting. */
function applyEverywhere(command: Command): void {
  command
    .exitOverride()
    .showHelpAfterError(usageLine(command))
    .configureOutput({
      outputError: (message, write) => write(hideUnknownOptionValue(message)),
    });
  refuseOptionsAsValues(command);
  for (const sub of command.commands) applyEverywhere(sub);
}

/** The `pyroscope` command tree: `admin user …` and `admin api-key …`. */
export function createProgram(runtime: CliRuntime, version: string): Command {
  const program = new Command("pyroscope")
    .description("administer pyroscope-auth without the server (the server may be running)")
    .version(version)
    .addHelpText("after", configHelp);
  const admin = program.command("admin").description("administration commands");
  admin
    .command("user")
    .description("manage users")
    .addCommand(resetPasswordCommand(runtime))
    .addCommand(listUsersCommand(runtime))
    .addCommand(createUserCommand(runtime))
    .addCommand(setDisabledCommand(runtime, true))
    .addCommand(setDisabledCommand(runtime, false))
    .addCommand(unlockCommand(runtime))
    .addCommand(logoutCommand(runtime))
    .addCommand(resetSecondFactorCommand(runtime));
  admin.command("audit").description("read the audit trail").addCommand(listAuditCommand(runtime));
  admin
    .command("api-key")
    .description("manage API keys")
    .addCommand(createApiKeyCommand(runtime))
    .addCommand(listApiKeysCommand(runtime))
    .addCommand(deleteApiKeyCommand(runtime));
  applyEverywhere(program);
  return program;
}
