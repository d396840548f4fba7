import { checkPasswordIdentity, createUserSchemas } from "@pyroscope-auth/auth-core/rules";
import { useMemo } from "react";
import { useForm } from "../hooks/use-form";
import { usePasswordPolicy } from "../hooks/use-password-policy";
import type { User } from "../lib/api-types";
import { type FieldErrors, schemaErrors } from "../lib/schema-errors";
import { trpc } from "../lib/trpc";
import { FormAlert } from "./form-alert";
import { NewPasswordFields } from "./new-password-fields";
import { PasswordField } from "./password-field";

const fields = ["oldPassword", "newPassword", "confirmPassword"] as const;
type Field = (typeof fields)[number];

interface ChangePasswordFormProps {
  readonly user: User;
  readonly submitLabel: string;
  readonly onChanged: () => void;
}

/**
 * Old password, new password (with the policy's rules and a strength meter) and its confirmation.
 * The server always signs out the user's other sessions on a change; the form says so.
 */
export function ChangePasswordForm({ user, submitLabel, onChanged }: ChangePasswordFormProps) {
  const loaded = usePasswordPolicy();
  const { passwordChangeInputSchema } = useMemo(
    () => createUserSchemas(loaded.policy),
    [loaded.policy],
  );
  const form = useForm(
    { oldPassword: "", newPassword: "", confirmPassword: "" },
    (values): FieldErrors<Field> => {
      const errors = schemaErrors<Field>(passwordChangeInputSchema, values);
      const identity = checkPasswordIdentity(values.newPassword, user);
      if (!errors.newPassword && identity) errors.newPassword = identity.message;
      if (values.confirmPassword !== values.newPassword)
        errors.confirmPassword = "the passwords do not match";
      return errors;
    },
    { password: "newPassword" },
  );
  const change = trpc.user.changePassword.useMutation({
    onSuccess: () => {
      form.reset();
      onChanged();
    },
    onError: form.showServerError,
  });

  return (
    <form
      className="form"
      noValidate
      aria-label="Change password"
      onSubmit={form.handleSubmit(({ oldPassword, newPassword }) =>
        change.mutate({ oldPassword, newPassword }),
      )}
    >
      <FormAlert messages={form.formErrors} />
      <PasswordField
        label="Current password"
        {...form.field("oldPassword")}
        autoComplete="current-password"
        required
      />
      <NewPasswordFields
        password={form.field("newPassword")}
        confirmation={form.field("confirmPassword")}
        loaded={loaded}
        owner={user}
      />
      <p className="field-hint">Changing your password signs out all your other sessions.</p>
      <button type="submit" className="button-primary" disabled={change.isPending}>
        {change.isPending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
