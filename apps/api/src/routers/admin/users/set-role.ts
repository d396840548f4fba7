import { roleSchema, userIdSchema } from "@pyroscope-auth/auth-core";
import { setUserRole } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";
import { userOutputSchema } from "../../outputs.js";

/** Not on oneself, never the last enabled Admin; the user's sessions end. */
export const setRole = adminProcedure
  .input(z.object({ id: userIdSchema, role: roleSchema }))
  .output(userOutputSchema)
  .mutation(({ ctx, input }) => setUserRole(serviceContext(ctx), input.id, input.role));
