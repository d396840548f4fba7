import type { ReactNode } from "react";

interface FieldMessageProps {
  readonly hint?: ReactNode;
  readonly hintId: string;
  readonly error: string | undefined;
  readonly errorId: string;
}

/** The hint under a field, and its rule message when it breaks one. */
export function FieldMessage({ hint, hintId, error, errorId }: FieldMessageProps) {
  return (
    <>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
