import type { Readable } from "node:stream";
import { CliError } from "./cli-error.js";
import { exitCodes } from "./exit-codes.js";

export interface PasswordOptions {
  readonly password?: string | undefined;
  readonly passwordStdin?: boolean | undefined;
}

/** Standard input as the password: one line of UTF-8, its trailing newline dropped. */
async function readPasswordLine(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new CliError("the password on standard input is not valid UTF-8");
  }
  const line = text.replace(/\r?\n$/, "");
  // A second line would become part of a password nobody can type into the login form.
  if (/[\r\n]/.test(line)) throw new CliError("--password-stdin takes one line: the password");
  return line;
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
  warn: (line: string) => void,
): Promise<string> {
  if (options.password !== undefined && options.passwordStdin) {
    throw new CliError("use either --password or --password-stdin, not both", exitCodes.usage);
  }
  if (options.passwordStdin) {
    // At a terminal it would wait for an end of input nobody thinks of typing, echoing the
    // password meanwhile.
    if ((stdin as { isTTY?: boolean }).isTTY)
      throw new CliError(
        "--password-stdin reads a password piped in, and standard input is a terminal: pipe it (printf '%s\\n' \"$PASSWORD\" | pyroscope ...) or use --password",
        exitCodes.usage,
      );
    return readPasswordLine(stdin);
  }
  // Other users of the machine see a command line (ps, /proc): said, not refused, since the
  // original's own command takes it so.
  if (options.password !== undefined)
    warn(
      "--password puts the password where other users of this machine can see it (the process list); --password-stdin keeps it out of sight",
    );
  const password = options.password ?? envPassword;
  if (password === undefined) {
    throw new CliError(
      "a password is needed: --password, --password-stdin or PYROSCOPE_PASSWORD",
      exitCodes.usage,
    );
  }
  return password;
}
