import { userIdSchema } from "@pyroscope-auth/auth-core";
import { setUserPassword } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";

/** Not on oneself (use user.changePassword); the service applies the policy, the user's sessions end. */
export const setPassword = adminProcedure
  .input(z.object({ id: userIdSchema, password: z.custom<string>() }))
  .mutation(async ({ ctx, input }) => {
    await setUserPassword(serviceContext(ctx), input.id, input.password);
  });
