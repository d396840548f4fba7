import { deleteApiKey } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";

export function deleteApiKeyCommand({ config, io }: CliRuntime): Command {
  return new Command("delete")
    .description("delete an API key (it stops working at once)")
    .requiredOption("--name <name>", "the key's name")
    .action(async (options: { name: string }) => {
      await withDatabase(config, (ctx) => deleteApiKey(ctx, { name: options.name }));
      print(io, `API key ${options.name} deleted.`);
    });
}
