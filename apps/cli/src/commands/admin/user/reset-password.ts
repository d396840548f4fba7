import { ConfigError, parseBooleanWord } from "@pyroscope-auth/auth-core";
import { findUserByName, setUserPassword } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";
import { CliError } from "../../../cli-error.js";
import { exitCodes } from "../../../exit-codes.js";
import { readPassword } from "../../../password-input.js";

/** PYROSCOPE_ENABLE as a yes/no (unset or empty: no); anything else is refused, not read as no. */
function envFlag(value: string | undefined): boolean {
  if (value === undefined || value === "") return false;
  const parsed = parseBooleanWord(value);
  if (parsed !== undefined) return parsed;
  throw new ConfigError(`PYROSCOPE_ENABLE: ${JSON.stringify(value)} is not true or false`);
}

/**
 * The original's recovery command: a new password for a user (the policy applies), every
 * session of that user ended, the must-change flag cleared; `--enable` also re-enables the user.
 */
export function resetPasswordCommand({ config, io }: CliRuntime): Command {
  return new Command("reset-password")
    .description("set a user's password (ends all their sessions)")
    .option("--username <name>", "the user (or PYROSCOPE_USERNAME)")
    .option("--password <password>", "the new password (or PYROSCOPE_PASSWORD)")
    .option("--password-stdin", "read the new password from a pipe on standard input")
    .option("--enable", "also enable the user if disabled (or PYROSCOPE_ENABLE=true)")
    .action(
      async (options: {
        username?: string;
        password?: string;
        passwordStdin?: boolean;
        enable?: boolean;
      }) => {
        const username = options.username ?? io.env.username;
        if (!username)
          throw new CliError(
            "a user name is needed: --username or PYROSCOPE_USERNAME",
            exitCodes.usage,
          );
        const password = await readPassword(options, io.stdin, io.env.password, (line) =>
          io.stderr.write(`warning: ${line}\n`),
        );
        const enable = envFlag(io.env.enable) || Boolean(options.enable);
        const user = await withDatabase(config, async (ctx) => {
          const found = await findUserByName(ctx.em, username);
          return setUserPassword(ctx, found.id, password, { enable });
        });
        print(io, `Password for user ${user.name} has been reset successfully.`);
        if (user.isDisabled)
          print(io, `User ${user.name} is disabled; run again with --enable to enable it.`);
      },
    );
}
