import { userIdSchema } from "@pyroscope-auth/auth-core";
import { getUser } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";
import { userListingOutputSchema } from "../../outputs.js";

export const get = adminProcedure
  .input(z.object({ id: userIdSchema }))
  .output(userListingOutputSchema)
  .query(({ ctx, input }) => getUser(serviceContext(ctx), input.id));
