import { useEffect, useRef } from "react";
import { CopyButton } from "../../components/copy-button";

interface NewApiKeyProps {
  readonly name: string;
  readonly apiKey: string;
  readonly onDismiss: () => void;
}

/** The new key, once: the server keeps only a digest, so it cannot be shown again. */
export function NewApiKey({ name, apiKey, onDismiss }: NewApiKeyProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="alert alert-success new-key" aria-labelledby="new-key-heading">
      <h2 id="new-key-heading" ref={heading} tabIndex={-1}>
        API key “{name}” created
      </h2>
      <p>Copy it now: it will not be shown again.</p>
      <div className="inline-form">
        <label htmlFor="new-key" className="visually-hidden">
          New API key
        </label>
        <input
          id="new-key"
          ref={field}
          className="key-value"
          readOnly
          value={apiKey}
          onFocus={(event) => event.target.select()}
        />
        <CopyButton text={apiKey} source={field} label="Copy key" />
      </div>
      <button type="button" className="button-secondary" onClick={onDismiss}>
        Done, I have copied it
      </button>
    </section>
  );
}
