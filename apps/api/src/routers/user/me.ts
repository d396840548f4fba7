import { principalUser } from "../../identity/principal.js";
import { sessionProcedure } from "../../trpc/procedures.js";
import { callerOutputSchema } from "../outputs.js";

/** The caller, as a user object with its kind (see principalUser). */
export const me = sessionProcedure
  .meta({ allowPendingPasswordChange: true, allowPendingSecondFactorSetUp: true })
  .output(callerOutputSchema)
  .query(({ ctx }) => principalUser(ctx.principal));
