import { userIdSchema } from "@pyroscope-auth/auth-core";
import { resetSecondFactor as reset } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";

/** A person, not oneself: the user's next sign-in asks for the password alone; their sessions end. */
export const resetSecondFactor = adminProcedure
  .input(z.object({ id: userIdSchema }))
  .mutation(({ ctx, input }) => reset(serviceContext(ctx), input.id));
