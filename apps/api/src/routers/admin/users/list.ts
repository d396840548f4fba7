import { listUsers } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";
import { userListingOutputSchema } from "../../outputs.js";

export const list = adminProcedure
  .output(z.array(userListingOutputSchema))
  .query(({ ctx }) => listUsers(serviceContext(ctx)));
