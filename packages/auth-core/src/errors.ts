/**
 * Every refusal the product can give, as data. The values are the original Pyroscope messages
 * where one existed, verbatim, so users and scripts of the original recognise them.
 * apps/api maps codes to TRPC codes and apps/cli to exit codes, each in one table.
 */
export const authMessages = {
  USER_NAME_EMPTY: "user name can't be empty",
  USER_NAME_TOO_LONG: "user name must not exceed 255 characters",
  USER_NAME_INVALID:
    "user name must not contain control or invisible characters or surrounding spaces",
  USER_NAME_RESERVED: "user name is reserved for the audit trail",
  USER_FULL_NAME_TOO_LONG: "user full name must not exceed 255 characters",
  USER_FULL_NAME_INVALID: "user full name must not contain control characters",
  USER_EMAIL_INVALID: "user email is invalid",
  USER_PASSWORD_EMPTY: "user password can't be empty",
  USER_PASSWORD_TOO_LONG: "user password must not exceed 255 characters",
  USER_PASSWORD_TOO_SHORT: "user password must be at least 8 characters",
  USER_PASSWORD_TOO_COMMON: "user password is too common",
  USER_PASSWORD_CONTAINS_IDENTITY: "user password must not be the user name or email",
  ROLE_UNKNOWN: "unknown role",
  USER_NAME_EXISTS: "user with this name already exists",
  USER_NAME_LOOKALIKE: "user name looks like an existing user's name",
  USER_EMAIL_EXISTS: "user with this email already exists",
  INVALID_CREDENTIALS: "invalid credentials",
  INVALID_PASSWORD: "invalid password",
  USER_DISABLED: "user disabled",
  PERMISSION_DENIED: "permission denied",
  PERSON_REQUIRED:
    "an API key cannot set a password, reset a second factor, rename a user or make an Admin: a person must",
  USER_NOT_FOUND: "user not found",
  API_KEY_NOT_FOUND: "api key not found",
  API_KEY_NAME_EMPTY: "api key name can't be empty",
  API_KEY_NAME_TOO_LONG: "api key name must not exceed 255 characters",
  API_KEY_NAME_INVALID: "api key name must not contain control characters",
  API_KEY_NAME_EXISTS: "api key with this name already exists",
  API_KEY_TTL_INVALID: "api key ttl must be a whole number of seconds between 1 and 315360000",
  API_KEY_INVALID: "invalid api key",
  UNAUTHENTICATED: "authentication required",
  SESSION_EXPIRED: "session expired",
  SESSION_NOT_FOUND: "session not found",
  SIGNUP_DISABLED: "signup is disabled",
  INTERNAL_AUTH_DISABLED: "internal authentication is disabled",
  PASSWORD_CHANGE_REQUIRED: "password change required",
  LAST_ADMIN: "the last enabled admin can't be removed, disabled or demoted",
  TOO_MANY_ATTEMPTS: "too many failed login attempts, try again later",
  TOO_MANY_SIGNUPS: "too many sign-ups or failed logins from this address, try again later",
  TOO_MANY_LOOKUPS: "too many names or emails already taken, try again later",
  SECOND_FACTOR_EMPTY: "code can't be empty",
  SECOND_FACTOR_INVALID: "invalid code",
  SECOND_FACTOR_EXPIRED: "sign-in expired: sign in again",
  SECOND_FACTOR_ENABLED: "two-factor authentication is already on",
  SECOND_FACTOR_NOT_ENABLED: "two-factor authentication is not on",
  SECOND_FACTOR_NOT_STARTED: "start setting up two-factor authentication first",
  SECOND_FACTOR_DISABLED: "two-factor authentication is turned off on this server",
  SECOND_FACTOR_SETUP_REQUIRED: "two-factor authentication must be set up first",
  SECOND_FACTOR_REQUIRED: "two-factor authentication is required for your role: it stays on",
  SERVER_BUSY: "server is busy, try again shortly",
  STORAGE_FULL: "server storage is full, try again later",
  DATABASE_UNAVAILABLE: "database unavailable, try again shortly",
} as const;

export type AuthErrorCode = keyof typeof authMessages;

/** One broken rule, as the validators report it. */
export interface RuleViolation {
  readonly code: AuthErrorCode;
  readonly message: string;
}

export function violation(
  code: AuthErrorCode,
  message: string = authMessages[code],
): RuleViolation {
  return { code, message };
}

/** A rule said no. `message` is safe to show to the caller; `details` is for logs only. */
export class AuthError extends Error {
  override readonly name = "AuthError";

  constructor(
    readonly code: AuthErrorCode,
    message: string = authMessages[code],
    /** Seconds the caller should wait (throttling, busy). */
    readonly retryAfterSeconds?: number,
    /** `cause`: what the server saw (a full disk's SQLite error), for its log. */
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}

/** Input broke one or more rules; `messages` lists them all, in the original's order. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";

  constructor(readonly messages: string[]) {
    super(messages.join(", "));
  }
}
