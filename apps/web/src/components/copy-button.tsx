import { type RefObject, useState } from "react";

interface CopyButtonProps {
  readonly text: string;
  /** The field showing the text: selected as a fallback where the Clipboard API is missing. */
  readonly source: RefObject<HTMLInputElement | null>;
  readonly label: string;
}

type CopyState = "idle" | "copied" | "failed";

/** Copies to the clipboard and says so; plain-HTTP pages (no Clipboard API) use execCommand. */
export function CopyButton({ text, source, label }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");

  function copyBySelection(): boolean {
    source.current?.select();
    return document.execCommand("copy");
  }

  function copy() {
    if (!navigator.clipboard) {
      setState(copyBySelection() ? "copied" : "failed");
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setState("copied"),
      () => setState(copyBySelection() ? "copied" : "failed"),
    );
  }

  return (
    <>
      <button type="button" className="button-secondary" onClick={copy}>
        {label}
      </button>
      <span role="status" className="copy-status">
        {state === "copied" ? "Copied" : state === "failed" ? "Select the key and copy it" : ""}
      </span>
    </>
  );
}
