/** Start-up must stop: the message is one line per problem, safe to print as it is. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";

  constructor(
    message: string,
    /** Printed before the message: a `${VAR}` left unset is often why a value is bad. */
    readonly warnings: readonly string[] = [],
  ) {
    super(message);
  }
}
