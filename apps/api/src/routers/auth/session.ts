import { isAuthError } from "@pyroscope-auth/auth-core";
import { z } from "zod";
import { identify } from "../../identity/identify.js";
import { principalUser } from "../../identity/principal.js";
import { publicProcedure } from "../../trpc/procedures.js";
import { callerOutputSchema } from "../outputs.js";

/**
 * "Am I signed in?" without an error either way: the signed-in user, or null. The login page
 * asks this, so that a signed-out visitor's browser logs no failed request.
 */
export const session = publicProcedure
  .output(z.object({ user: callerOutputSchema.nullable() }))
  .query(async ({ ctx }) => {
    if (!ctx.services.config["auth.internal.enabled"]) return { user: null };
    try {
      return { user: principalUser(await identify(ctx.services, ctx.http, () => ctx.em)) };
    } catch (error) {
      if (isAuthError(error)) return { user: null };
      throw error;
    }
  });
