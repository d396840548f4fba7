import type { z } from "zod";

export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

/**
 * The first message per top-level field of a failed parse: the same messages, in the same order,
 * as the server would answer (its schemas are these schemas).
 */
export function schemaErrors<Field extends string>(
  schema: z.ZodType,
  values: unknown,
): FieldErrors<Field> {
  const result = schema.safeParse(values);
  const errors: FieldErrors<Field> = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field === "string" && !(field in errors)) errors[field as Field] = issue.message;
  }
  return errors;
}
