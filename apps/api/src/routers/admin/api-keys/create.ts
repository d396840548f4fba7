import { apiKeyCreateInputSchema } from "@pyroscope-auth/auth-core";
import { createApiKey } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";
import { apiKeyOutputSchema } from "../../outputs.js";

/** The full key is in this answer only; the server keeps a digest. */
export const create = adminProcedure
  .input(apiKeyCreateInputSchema)
  .output(z.object({ apiKey: apiKeyOutputSchema, key: z.string() }))
  .mutation(({ ctx, input }) => createApiKey(serviceContext(ctx), input));
