import { isAuthError } from "@pyroscope-auth/auth-core";
import { initTRPC } from "@trpc/server";
import { errorShape } from "../http/error-shape.js";
import type { Context } from "./context.js";
import { errorMessages } from "./errors.js";

export interface ProcedureMeta {
  /** Callable by a user who must change their password first (the first-login screen). */
  readonly allowPendingPasswordChange?: boolean;
  /** Callable by a user whose role requires a second factor they have not set up yet. */
  readonly allowPendingSecondFactorSetUp?: boolean;
}

// The one initTRPC of the app. Middleware (trpc/middleware/) builds on `middleware`; the
// procedure builders that routers use are composed in trpc/procedures.ts.
const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // No stack traces to clients, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      // Throttled or busy: the wait is in Retry-After, and here for clients that see no headers.
      const cause = error.cause;
      return errorShape(shape.data.code, shape.data.httpStatus, errorMessages(error), {
        path: shape.data.path,
        retryAfterSeconds: isAuthError(cause) ? cause.retryAfterSeconds : undefined,
      });
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const baseProcedure = t.procedure;
