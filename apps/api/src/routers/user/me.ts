import { principalUser } from "../../identity/principal.js";
import { sessionProcedure } from "../../trpc/procedures.js";
import { userOutputSchema } from "../outputs.js";

/** The caller, as a user object (an API key as a user of its name and role, marked external). */
export const me = sessionProcedure
  .meta({ allowPendingPasswordChange: true })
  .output(userOutputSchema)
  .query(({ ctx }) => principalUser(ctx.principal));
