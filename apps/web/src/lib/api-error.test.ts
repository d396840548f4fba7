import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import {
  apiErrorCode,
  apiErrorMessages,
  isPasswordChangeRequired,
  isSecondFactorSetUpRequired,
  isTransient,
  isUnauthorized,
  retryAfterSeconds,
  unreachableMessage,
} from "./api-error";

/** An error as the tRPC client builds it from the API's JSON answer. */
function answer(code: string, errors: string[], headers: Record<string, string> = {}) {
  return TRPCClientError.from(
    {
      error: {
        code: -32600,
        message: errors.join(", "),
        data: { code, httpStatus: 400, path: "auth.login", errors },
      },
    },
    { meta: { response: new Response(null, { headers }) } },
  );
}

describe("api errors", () => {
  it("reads the code and every message of an answer", () => {
    const error = answer("BAD_REQUEST", ["user name can't be empty", "user email is invalid"]);
    expect(apiErrorCode(error)).toBe("BAD_REQUEST");
    expect(apiErrorMessages(error)).toEqual(["user name can't be empty", "user email is invalid"]);
  });

  it("says the server is unreachable when there was no answer", () => {
    const error = TRPCClientError.from(new TypeError("Failed to fetch"));
    expect(apiErrorCode(error)).toBeUndefined();
    expect(apiErrorMessages(error)).toEqual([unreachableMessage]);
    expect(isTransient(error)).toBe(true);
    expect(apiErrorMessages(new Error("boom"))).toEqual([unreachableMessage]);
  });

  it("reads the wait of a throttled login from Retry-After", () => {
    const throttled = answer("TOO_MANY_REQUESTS", ["too many failed login attempts"], {
      "Retry-After": "30",
    });
    expect(retryAfterSeconds(throttled)).toBe(30);
    expect(retryAfterSeconds(answer("TOO_MANY_REQUESTS", ["x"]))).toBeUndefined();
    expect(retryAfterSeconds(answer("TOO_MANY_REQUESTS", ["x"], { "Retry-After": "soon" }))).toBe(
      undefined,
    );
  });

  it("tells a lost session from a pending password change or second-factor set-up", () => {
    expect(isUnauthorized(answer("UNAUTHORIZED", ["user disabled"]))).toBe(true);
    expect(isUnauthorized(answer("FORBIDDEN", ["permission denied"]))).toBe(false);
    expect(isPasswordChangeRequired(answer("FORBIDDEN", ["password change required"]))).toBe(true);
    expect(isPasswordChangeRequired(answer("FORBIDDEN", ["permission denied"]))).toBe(false);
    const setUpFirst = answer("FORBIDDEN", ["two-factor authentication must be set up first"]);
    expect(isSecondFactorSetUpRequired(setUpFirst)).toBe(true);
    expect(isPasswordChangeRequired(setUpFirst)).toBe(false);
    expect(isSecondFactorSetUpRequired(answer("FORBIDDEN", ["permission denied"]))).toBe(false);
    expect(isTransient(answer("FORBIDDEN", ["permission denied"]))).toBe(false);
  });
});
