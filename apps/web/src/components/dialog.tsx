import { type ReactNode, useCallback, useEffect, useId, useRef } from "react";

interface DialogProps {
  readonly title: string;
  /** Called once the dialog has closed (Escape, Cancel, or `close` from the content). */
  readonly onClosed: () => void;
  readonly children: (close: () => void) => ReactNode;
}

/**
 * A modal built on <dialog>: the browser keeps focus inside, closes it on Escape and gives focus
 * back to the control that opened it. Rendered only while open.
 */
export function Dialog({ title, onClosed, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // Browsers differ on what gets focus first; the content marks the control it should be.
    dialog.querySelector<HTMLElement>("[data-initial-focus]")?.focus();
  }, []);
  const close = useCallback(() => ref.current?.close(), []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClosed}>
      <h2 id={titleId}>{title}</h2>
      {children(close)}
    </dialog>
  );
}
