import { userIdSchema } from "@pyroscope-auth/auth-core";
import { deleteUser } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";

/** Not oneself, never the last enabled Admin; the user's sessions go with it. */
export const deleteProcedure = adminProcedure
  .input(z.object({ id: userIdSchema }))
  .mutation(async ({ ctx, input }) => {
    await deleteUser(serviceContext(ctx), input.id);
  });
