import type { FieldErrors } from "./schema-errors";

/** Which field a server message is about, from the message's own wording (DESIGN.md's list). */
const messageFields: ReadonlyArray<readonly [prefix: string, field: string]> = [
  ["user name", "name"],
  ["user with this name", "name"],
  ["user email", "email"],
  ["user with this email", "email"],
  ["user full name", "fullName"],
  ["user password", "password"],
  ["invalid password", "oldPassword"],
  ["api key name", "name"],
  ["api key with this name", "name"],
  ["api key ttl", "ttlSeconds"],
  ["unknown role", "role"],
];

export interface SplitErrors<Field extends string> {
  readonly fields: FieldErrors<Field>;
  /** Messages about no field of this form: shown above it. */
  readonly form: string[];
}

/**
 * Puts each server message next to the field it is about. `rename` maps the server's field to
 * the form's (a change-password form calls "password" `newPassword`).
 */
export function splitServerErrors<Field extends string>(
  messages: readonly string[],
  formFields: readonly Field[],
  rename: Partial<Record<string, Field>> = {},
): SplitErrors<Field> {
  const fields: FieldErrors<Field> = {};
  const form: string[] = [];
  for (const message of messages) {
    const serverField = messageFields.find(([prefix]) => message.startsWith(prefix))?.[1];
    const field = serverField ? (rename[serverField] ?? serverField) : undefined;
    if (field && (formFields as readonly string[]).includes(field) && !(field in fields)) {
      fields[field as Field] = message;
    } else {
      form.push(message);
    }
  }
  return { fields, form };
}
