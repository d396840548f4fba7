import type { ReactNode, SelectHTMLAttributes } from "react";
import { useFieldIds } from "./field-ids";
import { FieldMessage } from "./field-message";

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> {
  readonly label: string;
  readonly name: string;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  readonly options: ReadonlyArray<{ readonly value: string; readonly label: string }>;
}

export function SelectField({ label, error, hint, options, ...select }: SelectFieldProps) {
  const ids = useFieldIds(Boolean(hint), error);
  return (
    <div className="field">
      <label htmlFor={ids.id}>{label}</label>
      <select {...select} {...ids.controlProps}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessage hintId={ids.hintId} errorId={ids.errorId} hint={hint} error={error} />
    </div>
  );
}
