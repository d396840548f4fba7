import { z } from "zod";

/** A session's id as listed (its stored digest); anything else names no session. */
export const sessionIdSchema = z
  .string({ error: "session not found" })
  .regex(/^[0-9a-f]{64}$/, "session not found");
