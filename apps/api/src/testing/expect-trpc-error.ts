import { TRPCClientError } from "@trpc/client";
import { expect } from "vitest";
import type { AppRouter } from "../routers/app-router.js";

/** Awaits a call that must fail, and checks its code (and messages) as a client sees them. */
export async function expectTrpcError(call: Promise<unknown>, code: string, ...messages: string[]) {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}, the call succeeded`).toBeInstanceOf(TRPCClientError);
  const clientError = error as TRPCClientError<AppRouter>;
  expect(clientError.data?.code).toBe(code);
  if (messages.length > 0) {
    expect(clientError.data?.errors).toEqual(messages);
    expect(clientError.message).toBe(messages.join(", "));
  }
  return clientError;
}
