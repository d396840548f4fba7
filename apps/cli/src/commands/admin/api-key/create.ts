import { createApiKey } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";
import { parseTtl } from "../../../ttl.js";

/** Prints the key once: only its digest is stored, it cannot be shown again. */
export function createApiKeyCommand({ config, io }: CliRuntime): Command {
  return new Command("create")
    .description("create an API key and print it (once)")
    .requiredOption("--name <name>", "a unique name for the key")
    .requiredOption("--role <role>", "Admin, ReadOnly or Agent")
    .option(
      "--ttl <duration>",
      "lifetime, e.g. 3600, 90m, 12h, 30d, 1y (default: no expiry)",
      parseTtl,
    )
    .action(async (options: { name: string; role: string; ttl?: number }) => {
      const { apiKey, key } = await withDatabase(config, (ctx) =>
        createApiKey(ctx, { name: options.name, role: options.role, ttlSeconds: options.ttl }),
      );
      print(io, key);
      const expiry = apiKey.expiresAt ? `expires ${apiKey.expiresAt}` : "no expiry";
      io.stderr.write(
        `API key ${apiKey.name} created (role ${apiKey.role}, ${expiry}). Store it now: it is not shown again.\n`,
      );
    });
}
