import type { ReactNode } from "react";
import { Dialog } from "./dialog";
import { FormAlert } from "./form-alert";

interface ConfirmDialogProps {
  readonly title: string;
  readonly confirmLabel: string;
  readonly children: ReactNode;
  readonly pending: boolean;
  readonly errors: readonly string[];
  /** Gets `close`, to call once the action has succeeded. */
  readonly onConfirm: (close: () => void) => void;
  readonly onClosed: () => void;
}

/** "Are you sure?" for what cannot be undone. Cancel comes first and takes the initial focus. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, confirmLabel, children, pending, errors, onConfirm, onClosed } = props;
  return (
    <Dialog title={title} onClosed={onClosed}>
      {(close) => (
        <>
          {children}
          <FormAlert messages={errors} />
          <div className="actions">
            <button type="button" className="button-secondary" onClick={close} data-initial-focus>
              Cancel
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={pending}
              onClick={() => onConfirm(close)}
            >
              {pending ? "Working…" : confirmLabel}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
