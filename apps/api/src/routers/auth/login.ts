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
 * whose device cookie names a device of this account is judged on that device's failures.
 */
export const login = publicProcedure
  .input(loginInputSchema)
  .output(z.object({ user: userOutputSchema }))
  .mutation(async ({ ctx, input }) => {
    const { deps, devices } = ctx.services;
    const device = knownDevice(ctx.http, devices, deps.now());
    return {
      user: await startSession(ctx, await logIn(serviceContext(ctx), input, device)),
    };
  });
