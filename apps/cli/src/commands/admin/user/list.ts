import { asciiLookalikeNote } from "@pyroscope-auth/auth-core";
import { listUsers } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";
import { formatTable } from "../../../format-table.js";

export function listUsersCommand({ config, io }: CliRuntime): Command {
  return new Command("list")
    .description("list users")
    .option("--json", "print JSON instead of a table")
    .action(async (options: { json?: boolean }) => {
      const users = await withDatabase(config, listUsers);
      if (options.json) return print(io, JSON.stringify(users, null, 2));
      const rows = users.map((user) => [
        String(user.id),
        // A name that only reads as ASCII (a Cyrillic а in аdmin) says so: a table cannot show it.
        withNote(user.name, asciiLookalikeNote(user.name)),
        user.email ?? "",
        user.role,
        user.isDisabled ? "disabled" : "enabled",
        user.hasSecondFactor ? "on" : "off",
        user.lastSeenAt ?? "never",
      ]);
      print(io, formatTable(["ID", "NAME", "EMAIL", "ROLE", "STATUS", "2FA", "LAST SEEN"], rows));
    });
}

function withNote(name: string, note: string | undefined): string {
  return note ? `${name} (${note})` : name;
}
