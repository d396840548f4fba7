import { listApiKeys } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";
import { apiKeyOutputSchema } from "../../outputs.js";

export const list = adminProcedure
  .output(z.array(apiKeyOutputSchema))
  .query(({ ctx }) => listApiKeys(serviceContext(ctx)));
