import { loginInputSchema } from "@pyroscope-auth/auth-core";
import { logIn } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../trpc/context.js";
import { publicProcedure } from "../../trpc/procedures.js";
import { userOutputSchema } from "../outputs.js";
import { startSession } from "./start-session.js";

/** Name and password in, a fresh session cookie out (a new session id on every login). */
export const login = publicProcedure
  .input(loginInputSchema)
  .output(z.object({ user: userOutputSchema }))
  .mutation(async ({ ctx, input }) => ({
    user: await startSession(ctx, await logIn(serviceContext(ctx), ctx.services.hotPath, input)),
  }));
