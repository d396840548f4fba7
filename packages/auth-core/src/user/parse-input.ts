import type { z } from "zod";
import { ValidationError } from "../errors.js";

/** Parses with a rules schema; on failure throws every message at once as a ValidationError. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((issue) => issue.message));
}
