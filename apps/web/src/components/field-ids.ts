import { useId } from "react";

/** Ids that tie a field's label, hint and message to its control (aria-describedby). */
export function useFieldIds(hasHint: boolean, error: string | undefined) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hasHint ? hintId : undefined, error ? errorId : undefined]
    .filter(Boolean)
    .join(" ");
  return {
    id,
    hintId,
    errorId,
    controlProps: {
      id,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy || undefined,
    },
  };
}
