import {
  AuthError,
  type AuthErrorCode,
  isAuthError,
  ValidationError,
} from "@pyroscope-auth/auth-core";
import type { Database } from "@pyroscope-auth/db";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import { jsonBodyNeeded } from "../http/error-shape.js";

/** The single table from a rule's refusal to the HTTP-level answer (STYLE.md rule 4). */
export const trpcCodes: Record<AuthErrorCode, TRPC_ERROR_CODE_KEY> = {
  USER_NAME_EMPTY: "BAD_REQUEST",
  USER_NAME_TOO_LONG: "BAD_REQUEST",
  USER_NAME_INVALID: "BAD_REQUEST",
  USER_NAME_RESERVED: "BAD_REQUEST",
  USER_FULL_NAME_TOO_LONG: "BAD_REQUEST",
  USER_FULL_NAME_INVALID: "BAD_REQUEST",
  USER_EMAIL_INVALID: "BAD_REQUEST",
  USER_PASSWORD_EMPTY: "BAD_REQUEST",
  USER_PASSWORD_TOO_LONG: "BAD_REQUEST",
  USER_PASSWORD_TOO_SHORT: "BAD_REQUEST",
  USER_PASSWORD_TOO_COMMON: "BAD_REQUEST",
  USER_PASSWORD_CONTAINS_IDENTITY: "BAD_REQUEST",
  ROLE_UNKNOWN: "BAD_REQUEST",
  USER_NAME_EXISTS: "CONFLICT",
  USER_NAME_LOOKALIKE: "CONFLICT",
  USER_EMAIL_EXISTS: "CONFLICT",
  INVALID_CREDENTIALS: "UNAUTHORIZED",
  INVALID_PASSWORD: "BAD_REQUEST",
  USER_DISABLED: "FORBIDDEN",
  PERMISSION_DENIED: "FORBIDDEN",
  PERSON_REQUIRED: "FORBIDDEN",
  USER_NOT_FOUND: "NOT_FOUND",
  API_KEY_NOT_FOUND: "NOT_FOUND",
  API_KEY_NAME_EMPTY: "BAD_REQUEST",
  API_KEY_NAME_TOO_LONG: "BAD_REQUEST",
  API_KEY_NAME_INVALID: "BAD_REQUEST",
  API_KEY_NAME_EXISTS: "CONFLICT",
  API_KEY_TTL_INVALID: "BAD_REQUEST",
  API_KEY_INVALID: "UNAUTHORIZED",
  UNAUTHENTICATED: "UNAUTHORIZED",
  SESSION_EXPIRED: "UNAUTHORIZED",
  SESSION_NOT_FOUND: "NOT_FOUND",
  SIGNUP_DISABLED: "FORBIDDEN",
  INTERNAL_AUTH_DISABLED: "FORBIDDEN",
  PASSWORD_CHANGE_REQUIRED: "FORBIDDEN",
  LAST_ADMIN: "FORBIDDEN",
  TOO_MANY_ATTEMPTS: "TOO_MANY_REQUESTS",
  TOO_MANY_SIGNUPS: "TOO_MANY_REQUESTS",
  TOO_MANY_LOOKUPS: "TOO_MANY_REQUESTS",
  SECOND_FACTOR_EMPTY: "BAD_REQUEST",
  SECOND_FACTOR_INVALID: "BAD_REQUEST",
  SECOND_FACTOR_EXPIRED: "UNAUTHORIZED",
  SECOND_FACTOR_ENABLED: "CONFLICT",
  SECOND_FACTOR_NOT_ENABLED: "BAD_REQUEST",
  SECOND_FACTOR_NOT_STARTED: "BAD_REQUEST",
  SECOND_FACTOR_DISABLED: "FORBIDDEN",
  SECOND_FACTOR_SETUP_REQUIRED: "FORBIDDEN",
  SECOND_FACTOR_REQUIRED: "FORBIDDEN",
  SERVER_BUSY: "SERVICE_UNAVAILABLE",
  STORAGE_FULL: "SERVICE_UNAVAILABLE",
  DATABASE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** How long a client is told to wait while the database cannot be reached. */
export const databaseRetryAfterSeconds = 5;

/** The refusal a database failure amounts to: the disk or the database, not the request. */
function databaseRefusal(error: unknown, database: Database): AuthError | undefined {
  switch (database.failure(error)?.kind) {
    case "storage-full":
      return new AuthError("STORAGE_FULL", undefined, undefined, { cause: error });
    case "unavailable":
      return new AuthError("DATABASE_UNAVAILABLE", undefined, databaseRetryAfterSeconds, {
        cause: error,
      });
    // Writers that kept getting in each other's way past every retry: busy, not broken.
    case "retry":
      return new AuthError("SERVER_BUSY", undefined, 1, { cause: error });
    default:
      return undefined;
  }
}

/**
 * Turns a service's refusal into the TRPCError the client sees; anything else is left alone. A
 * write `database` had no room for, or a database that cannot be reached, is a refusal too
 * (503, see databaseRefusal).
 */
export function toTrpcError(error: unknown, database: Database): TRPCError | undefined {
  const refusal = databaseRefusal(error, database) ?? error;
  if (isAuthError(refusal))
    return new TRPCError({
      code: trpcCodes[refusal.code],
      message: refusal.message,
      cause: refusal,
    });
  if (refusal instanceof ValidationError)
    return new TRPCError({ code: "BAD_REQUEST", message: refusal.message, cause: refusal });
  return undefined;
}

/** The messages a client is shown: every validation message, or the one message of a refusal. */
export function errorMessages(error: TRPCError): string[] {
  const cause = error.cause;
  if (cause instanceof ZodError) return cause.issues.map((issue) => issue.message);
  if (cause instanceof ValidationError) return cause.messages;
  if (error.code === "INTERNAL_SERVER_ERROR") return ["internal server error"];
  // tRPC refuses most other body types itself, before our CSRF check, in words of its own.
  if (error.code === "UNSUPPORTED_MEDIA_TYPE") return [jsonBodyNeeded];
  // JSON.parse's message quotes the input around the error, a password included.
  if (cause instanceof SyntaxError) return ["the request's input is not valid JSON"];
  return [error.message];
}
