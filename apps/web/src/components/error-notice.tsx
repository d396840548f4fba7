import { apiErrorMessages } from "../lib/api-error";

interface ErrorNoticeProps {
  readonly title: string;
  readonly error: unknown;
}

/** A call that a page cannot do without failed: say what the server said. */
export function ErrorNotice({ title, error }: ErrorNoticeProps) {
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <strong>{title}</strong>
      </p>
      {apiErrorMessages(error).map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
