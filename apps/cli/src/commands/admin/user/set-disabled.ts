import { findUserByName, setUserDisabled } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";

/** `disable` ends the user's sessions at once; neither may leave no enabled Admin. */
export function setDisabledCommand({ config, io }: CliRuntime, disabled: boolean): Command {
  const verb = disabled ? "disable" : "enable";
  return new Command(verb)
    .description(disabled ? "disable a user (ends their sessions)" : "enable a user")
    .requiredOption("--username <name>", "the user")
    .action(async (options: { username: string }) => {
      const user = await withDatabase(config, async (ctx) => {
        const found = await findUserByName(ctx.em, options.username);
        return setUserDisabled(ctx, found.id, disabled);
      });
      print(io, `User ${user.name} is ${user.isDisabled ? "disabled" : "enabled"}.`);
    });
}
