import type { InputHTMLAttributes, ReactNode } from "react";
import { useFieldIds } from "./field-ids";
import { FieldMessage } from "./field-message";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  readonly label: string;
  readonly name: string;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
}

/** A labelled input with its hint and rule message announced with it. */
export function TextField({ label, error, hint, className, ...input }: TextFieldProps) {
  const ids = useFieldIds(Boolean(hint), error);
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={ids.id}>{label}</label>
      <input {...input} {...ids.controlProps} />
      <FieldMessage hintId={ids.hintId} errorId={ids.errorId} hint={hint} error={error} />
    </div>
  );
}
