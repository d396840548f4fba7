import { userIdSchema, userUpdateInputSchema } from "@pyroscope-auth/auth-core";
import { updateUser } from "@pyroscope-auth/db";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";
import { userOutputSchema } from "../../outputs.js";

export const update = adminProcedure
  .input(userUpdateInputSchema.extend({ id: userIdSchema }))
  .output(userOutputSchema)
  .mutation(({ ctx, input: { id, ...changes } }) => updateUser(serviceContext(ctx), id, changes));
