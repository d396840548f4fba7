import { auditActionsOnRecord, listAuditEvents, maxAuditEventsListed } from "@pyroscope-auth/db";
import { Command, InvalidArgumentError } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";
import { formatTable } from "../../../format-table.js";

function limitArgument(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > maxAuditEventsListed)
    throw new InvalidArgumentError(`must be a whole number from 1 to ${maxAuditEventsListed}`);
  return value;
}

/** The newest audit events: sign-ins, refusals, throttling and every account or key change. */
export function listAuditCommand({ config, io }: CliRuntime): Command {
  return new Command("list")
    .description("show the newest audit events")
    .option("--user <name>", "only events by or about this user (or key: api-key:<name>)")
    .option("--action <action>", "only this action, e.g. login.failure")
    .option("--limit <n>", `how many (at most ${maxAuditEventsListed})`, limitArgument, 50)
    .option("--json", "print JSON instead of a table")
    .action(async (options: { user?: string; action?: string; limit: number; json?: boolean }) => {
      const filter = { limit: options.limit, user: options.user, action: options.action };
      const { events, knownActions } = await withDatabase(config, async (ctx) => {
        const events = await listAuditEvents(ctx, filter);
        const knownActions =
          options.action && events.length === 0 ? await auditActionsOnRecord(ctx) : undefined;
        return { events, knownActions };
      });
      // A misspelt action (login.fail) would otherwise look like a quiet trail.
      if (knownActions && !knownActions.includes(options.action ?? ""))
        io.stderr.write(
          `no event has the action ${JSON.stringify(options.action)}; the trail holds: ${knownActions.join(", ")}\n`,
        );
      if (options.json) return print(io, JSON.stringify(events, null, 2));
      const rows = events.map((event) => [
        event.at,
        event.actor,
        event.action,
        event.target ?? "",
        event.outcome,
        event.clientIp ?? "",
        event.detail ?? "",
      ]);
      print(
        io,
        formatTable(["TIME", "ACTOR", "ACTION", "TARGET", "OUTCOME", "CLIENT", "DETAIL"], rows),
      );
    });
}
