import { userUpdateInputSchema } from "@pyroscope-auth/auth-core";
import { updateOwnProfile } from "@pyroscope-auth/db";
import { serviceContext } from "../../trpc/context.js";
import { userProcedure } from "../../trpc/procedures.js";
import { userOutputSchema } from "../outputs.js";

/** The signed-in user edits their own profile: name, email, full name (see updateOwnProfile). */
export const update = userProcedure
  .input(userUpdateInputSchema)
  .output(userOutputSchema)
  .mutation(({ ctx, input }) =>
    updateOwnProfile(serviceContext(ctx), ctx.principal.user.id, input),
  );
