import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";

interface ErrorDetails {
  /** The procedure, when the request named one. */
  readonly path?: string | undefined;
  /** How long a throttled or busy client should wait (also in Retry-After). */
  readonly retryAfterSeconds?: number | undefined;
}

/**
 * The contract's error (DESIGN.md): `message` holds every message joined by ", ", `data.errors`
 * the list. tRPC's errors are formatted into it, and so are the few that Fastify answers before
 * tRPC runs, so that every refusal reads the same.
 */
export function errorShape(
  code: TRPC_ERROR_CODE_KEY,
  httpStatus: number,
  errors: string[],
  { path, retryAfterSeconds }: ErrorDetails = {},
) {
  return {
    code: TRPC_ERROR_CODES_BY_KEY[code],
    message: errors.join(", "),
    data: {
      code,
      httpStatus,
      path,
      errors,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    },
  };
}

/** tRPC's codes for the statuses Fastify may answer with by itself; others are BAD_REQUEST. */
const codesOfStatus: Partial<Record<number, TRPC_ERROR_CODE_KEY>> = {
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  408: "TIMEOUT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

export function trpcCodeOfStatus(status: number): TRPC_ERROR_CODE_KEY {
  return codesOfStatus[status] ?? "BAD_REQUEST";
}

/** The body of a refusal answered outside tRPC: `{ error: <the contract's error> }`. */
export function refusalBody(status: number, messages: string[]) {
  return { error: errorShape(trpcCodeOfStatus(status), status, messages) };
}

/** Why a body that is not JSON is refused (CSRF, DESIGN.md rule 5). */
export const jsonBodyNeeded = "mutations need a JSON body (Content-Type: application/json)";
