import type { AppRouter } from "@pyroscope-auth/api/router";
import { authMessages } from "@pyroscope-auth/auth-core/rules";
import { TRPCClientError } from "@trpc/client";

/** Shown when the request never got an answer from the API (network down, server stopped). */
export const unreachableMessage = "cannot reach the server, check your connection and try again";

function asApiError(error: unknown): TRPCClientError<AppRouter> | undefined {
  return error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>) : undefined;
}

/** The tRPC code (UNAUTHORIZED, FORBIDDEN, ...) of an answer from the API, if it was one. */
export function apiErrorCode(error: unknown): string | undefined {
  return asApiError(error)?.data?.code;
}

/** The server's messages, one per broken rule (`error.data.errors`). */
export function apiErrorMessages(error: unknown): string[] {
  const apiError = asApiError(error);
  const errors = apiError?.data?.errors;
  if (errors && errors.length > 0) return errors;
  if (apiError?.data) return [apiError.message];
  return [unreachableMessage];
}

/** Seconds a throttled client must wait, from the Retry-After header of the answer. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const meta = asApiError(error)?.meta as { response?: Response } | undefined;
  const header = meta?.response?.headers?.get("retry-after");
  const seconds = header ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

/** "Who are you?": no session, or one that ended (logged out, expired, revoked, user disabled). */
export function isUnauthorized(error: unknown): boolean {
  return apiErrorCode(error) === "UNAUTHORIZED";
}

/** A signed-in user who must choose a new password before anything else. */
export function isPasswordChangeRequired(error: unknown): boolean {
  return (
    apiErrorCode(error) === "FORBIDDEN" &&
    apiErrorMessages(error).includes(authMessages.PASSWORD_CHANGE_REQUIRED)
  );
}

/** A signed-in user whose role requires a second factor they must set up before anything else. */
export function isSecondFactorSetUpRequired(error: unknown): boolean {
  return (
    apiErrorCode(error) === "FORBIDDEN" &&
    apiErrorMessages(error).includes(authMessages.SECOND_FACTOR_SETUP_REQUIRED)
  );
}

/** Worth retrying: no answer at all, or the server said it is busy. */
export function isTransient(error: unknown): boolean {
  const code = apiErrorCode(error);
  return code === undefined || code === "SERVICE_UNAVAILABLE";
}
