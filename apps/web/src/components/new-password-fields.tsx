import type { PasswordOwner } from "@pyroscope-auth/auth-core/rules";
import type { FieldProps } from "../hooks/use-form";
import type { LoadedPolicy } from "../hooks/use-password-policy";
import { PasswordField } from "./password-field";
import { PasswordStrengthMeter } from "./password-strength-meter";

interface NewPasswordFieldsProps {
  readonly password: FieldProps;
  readonly confirmation: FieldProps;
  readonly loaded: LoadedPolicy;
  /** The account the password is for: its name and email are refused as passwords. */
  readonly owner: PasswordOwner;
  /** Focus the new password when the dialog holding it opens. */
  readonly initialFocus?: boolean;
}

/** A new password with the policy's strength meter, and the same password typed once more. */
export function NewPasswordFields({
  password,
  confirmation,
  loaded,
  owner,
  initialFocus = false,
}: NewPasswordFieldsProps) {
  return (
    <>
      <PasswordField
        label="New password"
        {...password}
        autoComplete="new-password"
        data-initial-focus={initialFocus || undefined}
        required
      >
        <PasswordStrengthMeter password={password.value} loaded={loaded} owner={owner} />
      </PasswordField>
      <PasswordField
        label="Confirm new password"
        {...confirmation}
        autoComplete="new-password"
        required
      />
    </>
  );
}
