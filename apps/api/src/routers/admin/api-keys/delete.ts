import { apiKeyIdSchema } from "@pyroscope-auth/auth-core";
import { deleteApiKey } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";

export const deleteProcedure = adminProcedure
  .input(z.object({ id: apiKeyIdSchema }))
  .mutation(async ({ ctx, input }) => {
    await deleteApiKey(serviceContext(ctx), { id: input.id });
  });
