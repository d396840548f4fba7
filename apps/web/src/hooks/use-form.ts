import { type ChangeEvent, type FormEvent, useRef, useState } from "react";
import { apiErrorMessages } from "../lib/api-error";
import type { FieldErrors } from "../lib/schema-errors";
import { splitServerErrors } from "../lib/server-errors";

type Values = Record<string, string>;

/** What one input needs from the form: spread onto a TextField, PasswordField or SelectField. */
export interface FieldProps {
  readonly name: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => void;
  readonly onBlur: () => void;
}

/**
 * Form state with the rules' messages shown per field: once a field has been left (or the form
 * submitted), its message follows every keystroke. A message from the server for a field stays
 * until that field changes; the server's other messages stand above the form until the next
 * submit. `rename` maps a server field to this form's (a change-password form calls the server's
 * "password" `newPassword`).
 */
export function useForm<V extends Values>(
  initial: V,
  validate: (values: V) => FieldErrors<keyof V & string>,
  rename: Partial<Record<string, keyof V & string>> = {},
) {
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<Partial<Record<keyof V, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors<keyof V & string>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  // The form last submitted, so that a refusal from the server can focus the field it names.
  const submittedForm = useRef<HTMLFormElement | null>(null);
  const errors = validate(values);

  function focusField(form: HTMLFormElement | null, name: string) {
    const element = form?.elements.namedItem(name);
    if (element instanceof HTMLElement) element.focus();
  }

  function errorOf(name: keyof V & string): string | undefined {
    return serverErrors[name] ?? (submitted || touched[name] ? errors[name] : undefined);
  }

  function field(name: keyof V & string): FieldProps {
    return {
      name,
      // Every name is a key of `initial`; the index type cannot say so.
      value: values[name] ?? "",
      error: errorOf(name),
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
        const value = event.target.value;
        setValues((current) => ({ ...current, [name]: value }));
        setServerErrors((current) => ({ ...current, [name]: undefined }));
      },
      onBlur: () => setTouched((current) => ({ ...current, [name]: true })),
    };
  }

  /** Runs `onValid` with the values, or shows every message and focuses the first bad field. */
  function handleSubmit(onValid: (values: V) => void) {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      setSubmitted(true);
      submittedForm.current = event.currentTarget;
      const firstInvalid = Object.keys(errors).find((name) => errors[name as keyof V & string]);
      if (firstInvalid) {
        focusField(event.currentTarget, firstInvalid);
        return;
      }
      setFormErrors([]);
      onValid(values);
    };
  }

  function reset() {
    setValues(initial);
    setTouched({});
    setSubmitted(false);
    setServerErrors({});
    setFormErrors([]);
  }

  /**
   * Shows a refusal from the API: each message by its field (focusing the first such field), the
   * rest above the form.
   */
  function showServerError(error: unknown) {
    const fields = Object.keys(initial) as Array<keyof V & string>;
    const split = splitServerErrors(apiErrorMessages(error), fields, rename);
    setServerErrors(split.fields);
    setFormErrors(split.form);
    const firstNamed = fields.find((name) => split.fields[name]);
    if (firstNamed) focusField(submittedForm.current, firstNamed);
  }

  return { values, field, handleSubmit, showServerError, formErrors, reset };
}
