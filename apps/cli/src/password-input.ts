import type { Readable } from "node:stream";
import { CliError } from "./cli-error.js";
import { exitCodes } from "./exit-codes.js";

export interface PasswordOptions {
  readonly password?: string | undefined;
  readonly passwordStdin?: boolean | undefined;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The new password from `--password`, from standard input with `--password-stdin` (so that it
 * stays out of the process list and shell history; one trailing newline is dropped), or from
 * PYROSCOPE_PASSWORD as the original reads it.
 */
export async function readPassword(
  options: PasswordOptions,
  stdin: Readable,
  envPassword: string | undefined,
): Promise<string> {
  if (options.password !== undefined && options.passwordStdin) {
    throw new CliError("use either --password or --password-stdin, not both", exitCodes.usage);
  }
  if (options.passwordStdin) return (await readAll(stdin)).replace(/\r?\n$/, "");
  const password = options.password ?? envPassword;
  if (password === undefined) {
    throw new CliError(
      "a password is needed: --password, --password-stdin or PYROSCOPE_PASSWORD",
      exitCodes.usage,
    );
  }
  return password;
}
