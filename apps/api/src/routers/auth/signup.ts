import type { SignupInput } from "@pyroscope-auth/auth-core";
import { signUp } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../trpc/context.js";
import { publicProcedure } from "../../trpc/procedures.js";
import { userOutputSchema } from "../outputs.js";
import { startSession } from "./start-session.js";

/**
 * Self sign-up, when `auth.internal.signup-enabled`. The input is checked by the service with
 * the configured password policy, so that every message comes from one schema, in order.
 */
export const signup = publicProcedure
  .input(z.custom<SignupInput>())
  .output(z.object({ user: userOutputSchema }))
  .mutation(async ({ ctx, input }) => ({
    user: await startSession(ctx, await signUp(serviceContext(ctx), input)),
  }));
