import { loginInputSchema } from "@pyroscope-auth/auth-core";
import { logIn } from "@pyroscope-auth/db";
import { z } from "zod";
import { deviceOf } from "../../identity/device-cookie.js";
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
    const { devices, hotPath } = ctx.services;
    const device = deviceOf(ctx.http, devices, input.username);
    return {
      user: await startSession(ctx, await logIn(serviceContext(ctx), hotPath, input, device)),
    };
  });
