import { createUser } from "@pyroscope-auth/db";
import { Command } from "commander";
import { type CliRuntime, print, withDatabase } from "../../../cli-context.js";
import { readPassword } from "../../../password-input.js";

export function createUserCommand({ config, io }: CliRuntime): Command {
  return new Command("create")
    .description("create a user")
    .requiredOption("--username <name>", "login name")
    .requiredOption("--role <role>", "Admin, ReadOnly or Agent")
    .option("--email <email>", "email address")
    .option("--full-name <name>", "full name")
    .option("--password <password>", "the password (or PYROSCOPE_PASSWORD)")
    .option("--password-stdin", "read the password from a pipe on standard input")
    .action(
      async (options: {
        username: string;
        role: string;
        email?: string;
        fullName?: string;
        password?: string;
        passwordStdin?: boolean;
      }) => {
        const password = await readPassword(options, io.stdin, io.env.password, (line) =>
          io.stderr.write(`warning: ${line}\n`),
        );
        const input = {
          name: options.username,
          email: options.email,
          fullName: options.fullName,
          password,
          role: options.role,
        };
        const user = await withDatabase(config, (ctx) => createUser(ctx, input));
        print(io, `User ${user.name} created (id ${user.id}, role ${user.role}).`);
      },
    );
}
