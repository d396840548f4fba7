import { secondStepInputSchema } from "@pyroscope-auth/auth-core";
import { completeSignIn as completeSecondStep } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../trpc/context.js";
import { publicProcedure } from "../../trpc/procedures.js";
import { userOutputSchema } from "../outputs.js";
import { startSession } from "./start-session.js";

/** auth.login's challenge and a code of the second factor in, the session cookie out. */
export const completeSignIn = publicProcedure
  .input(secondStepInputSchema)
  .output(z.object({ user: userOutputSchema }))
  .mutation(async ({ ctx, input }) => ({
    user: await startSession(ctx, await completeSecondStep(serviceContext(ctx), input)),
  }));
