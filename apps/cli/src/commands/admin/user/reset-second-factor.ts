import { findUserByName, resetSecondFactor } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";

/** For a lost phone: the user's next sign-in asks for the password alone; their sessions end. */
export function resetSecondFactorCommand({ config, io }: CliRuntime): Command {
  return new Command("reset-2fa")
    .description("remove a user's two-factor authentication (ends their sessions)")
    .requiredOption("--username <name>", "the user")
    .action(async (options: { username: string }) => {
      await withDatabase(config, async (ctx) =>
        resetSecondFactor(ctx, (await findUserByName(ctx.em, options.username)).id),
      );
      print(io, `Two-factor authentication of ${options.username} removed; their sessions ended.`);
    });
}
