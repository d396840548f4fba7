import { type InputHTMLAttributes, type ReactNode, useState } from "react";
import { useFieldIds } from "./field-ids";
import { FieldMessage } from "./field-message";

interface PasswordFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type"> {
  readonly label: string;
  readonly name: string;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  /** Shown under the input: the strength meter and the policy's rules. */
  readonly children?: ReactNode;
}

/** A password input with a Show/Hide toggle, so a long password can be checked before sending. */
export function PasswordField({ label, error, hint, children, ...input }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const ids = useFieldIds(Boolean(hint), error);
  return (
    <div className="field">
      <label htmlFor={ids.id}>{label}</label>
      <div className="password-input">
        <input
          {...input}
          {...ids.controlProps}
          type={visible ? "text" : "password"}
          autoCapitalize="none"
          spellCheck={false}
        />
        <button
          type="button"
          className="button-quiet"
          aria-controls={ids.id}
          onClick={() => setVisible((shown) => !shown)}
        >
          {visible ? "Hide" : "Show"}
          <span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      <FieldMessage hintId={ids.hintId} errorId={ids.errorId} hint={hint} error={error} />
      {children}
    </div>
  );
}
