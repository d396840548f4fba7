import { endEverySession, endUserSessions, findUserByName } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";
import { CliError } from "../../../cli-error.js";
import { exitCodes } from "../../../exit-codes.js";

/**
 * Ends the sessions of one user, or of every user, at once (a running server, or every replica,
 * refuses them at their next request); the accounts stay as they are.
 */
export function logoutCommand({ config, io }: CliRuntime): Command {
  return new Command("logout")
    .description("end the sessions of a user (--username) or of every user (--all-users)")
    .option("--username <name>", "the user")
    .option("--all-users", "every user")
    .action(async (options: { username?: string; allUsers?: boolean }) => {
      if ((options.username === undefined) === (options.allUsers === undefined))
        throw new CliError("give either --username or --all-users", exitCodes.usage);
      const { username } = options;
      const ended = await withDatabase(config, async (ctx) =>
        username === undefined
          ? endEverySession(ctx)
          : endUserSessions(ctx, (await findUserByName(ctx.em, username)).id),
      );
      const whose = username === undefined ? "every user" : username;
      print(io, `Ended ${ended} ${ended === 1 ? "session" : "sessions"} of ${whose}.`);
    });
}
