import { userIdSchema } from "@pyroscope-auth/auth-core";
import { setUserDisabled } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";
import { userOutputSchema } from "../../outputs.js";

/** Not on oneself, never the last enabled Admin; disabling ends the user's sessions. */
export const setDisabled = adminProcedure
  .input(
    z.object({
      id: userIdSchema,
      disabled: z.boolean({ error: "disabled must be true or false" }),
    }),
  )
  .output(userOutputSchema)
  .mutation(({ ctx, input }) => setUserDisabled(serviceContext(ctx), input.id, input.disabled));
