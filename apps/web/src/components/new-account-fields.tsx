import type { FieldProps } from "../hooks/use-form";
import type { LoadedPolicy } from "../hooks/use-password-policy";
import { PasswordField } from "./password-field";
import { PasswordStrengthMeter } from "./password-strength-meter";
import { TextField } from "./text-field";

type AccountField = "name" | "email" | "fullName" | "password";

interface NewAccountFieldsProps {
  readonly field: (name: AccountField) => FieldProps;
  readonly loaded: LoadedPolicy;
  /**
   * Whose account: the person's own (sign-up: the browser may fill in their name and email) or
   * somebody else's (an admin creating it: the admin's own details must not be offered).
   */
  readonly whose: "own" | "other";
  /** Focus the user name when the dialog holding it opens. */
  readonly initialFocus?: boolean;
}

/** User name, optional email and full name, and a password with the policy's strength meter. */
export function NewAccountFields({
  field,
  loaded,
  whose,
  initialFocus = false,
}: NewAccountFieldsProps) {
  const own = whose === "own";
  const name = field("name");
  const email = field("email");
  const password = field("password");
  return (
    <>
      <TextField
        label="User name"
        {...name}
        autoComplete={own ? "username" : "off"}
        autoCapitalize="none"
        spellCheck={false}
        data-initial-focus={initialFocus || undefined}
        required
      />
      <TextField
        label="Email (optional)"
        type="email"
        {...email}
        autoComplete={own ? "email" : "off"}
      />
      <TextField
        label="Full name (optional)"
        {...field("fullName")}
        autoComplete={own ? "name" : "off"}
      />
      <PasswordField label="Password" {...password} autoComplete="new-password" required>
        <PasswordStrengthMeter
          password={password.value}
          loaded={loaded}
          owner={{ name: name.value, email: email.value }}
        />
      </PasswordField>
    </>
  );
}

/** The new account's fields as the API takes them: the optional ones left out when empty. */
export function newAccountInput({ name, email, fullName, password }: Record<AccountField, string>) {
  return { name, password, ...(email ? { email } : {}), ...(fullName ? { fullName } : {}) };
}
