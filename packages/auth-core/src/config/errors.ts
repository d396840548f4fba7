/** Start-up must stop: the message is one line per problem, safe to print as it is. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
