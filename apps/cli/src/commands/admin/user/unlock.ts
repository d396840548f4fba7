import { unlockAccount } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";

/** Clears the login throttling of an account (from every address), e.g. after a lockout. */
export function unlockCommand({ config, io }: CliRuntime): Command {
  return new Command("unlock")
    .description("clear login throttling for a user")
    .requiredOption("--username <name>", "the user")
    .action(async (options: { username: string }) => {
      const cleared = await withDatabase(config, (ctx) => unlockAccount(ctx, options.username));
      print(
        io,
        cleared > 0
          ? `Login throttling for ${options.username} cleared.`
          : `No login throttling was active for ${options.username}.`,
      );
    });
}
