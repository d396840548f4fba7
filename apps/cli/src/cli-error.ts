import { ConfigError, isAuthError, ValidationError } from "@pyroscope-auth/auth-core";
import { loggableError } from "@pyroscope-auth/db";
import { exitCodes } from "./exit-codes.js";

/** A refusal in the CLI's own words (bad --ttl, empty stdin...), shown as one line. */
export class CliError extends Error {
  override readonly name = "CliError";

  constructor(
    message: string,
    readonly exitCode: number = exitCodes.refused,
  ) {
    super(message);
  }
}

/**
 * One readable line and an exit code for anything a command throws: the rule's own message for
 * refusals, never a stack trace. Unexpected errors say so without internals.
 */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (isAuthError(error) || error instanceof ValidationError)
    return { message: error.message, exitCode: exitCodes.refused };
  if (error instanceof ConfigError) return { message: error.message, exitCode: exitCodes.usage };
  const reason = loggableError(error).message.split("\n")[0];
  return { message: `unexpected failure: ${reason}`, exitCode: exitCodes.refused };
}
