import { loginInputSchema } from "@pyroscope-auth/auth-core";
import { logIn } from "@pyroscope-auth/db";
import { z } from "zod";
import { knownDevice } from "../../identity/device-cookie.js";
import { serviceContext } from "../../trpc/context.js";
import { publicProcedure } from "../../trpc/procedures.js";
import { userOutputSchema } from "../outputs.js";
import { startSession } from "./start-session.js";

/**
 * Name and password in, a fresh session cookie out (a new session id on every login). A client
 * whose device cookie names a device of this account is judged on that device's failures. For
 * an account with a second factor, no cookie and nothing about the account yet: a challenge
 * for auth.completeSignIn.
 */
export const login = publicProcedure
  .input(loginInputSchema)
  .output(
    z.union([
      z.object({ user: userOutputSchema }),
      z.object({ secondFactor: z.object({ challenge: z.string() }) }),
    ]),
  )
  .mutation(async ({ ctx, input }) => {
    const { deps, devices } = ctx.services;
    const device = knownDevice(ctx.http, devices, deps.now());
    const step = await logIn(serviceContext(ctx), input, device);
    if ("challenge" in step) return { secondFactor: { challenge: step.challenge } };
    return { user: await startSession(ctx, step) };
  });
