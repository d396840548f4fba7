import { listApiKeys } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";
import { formatTable } from "../../../format-table.js";

export function listApiKeysCommand({ config, io }: CliRuntime): Command {
  return new Command("list")
    .description("list API keys (never their secrets)")
    .option("--json", "print JSON instead of a table")
    .action(async (options: { json?: boolean }) => {
      const keys = await withDatabase(config, listApiKeys);
      if (options.json) return print(io, JSON.stringify(keys, null, 2));
      const rows = keys.map((key) => [
        String(key.id),
        key.name,
        key.role,
        key.createdBy,
        key.expiresAt ?? "never",
        key.lastSeenAt ?? "never",
      ]);
      print(io, formatTable(["ID", "NAME", "ROLE", "CREATED BY", "EXPIRES", "LAST USED"], rows));
    });
}
