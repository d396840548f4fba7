import type { UserCreateInput } from "@pyroscope-auth/auth-core";
import { createUser } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { adminProcedure } from "../../../trpc/procedures.js";
import { userOutputSchema } from "../../outputs.js";

/** Checked by the service against the configured password policy: one schema, every message. */
export const create = adminProcedure
  .input(z.custom<Omit<UserCreateInput, "role"> & { role: string }>())
  .output(userOutputSchema)
  .mutation(({ ctx, input }) => createUser(serviceContext(ctx), input));
