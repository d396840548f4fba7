interface StatusMessageProps {
  readonly message: string | undefined;
}

/** Polite confirmation of what just happened ("User bob created."), read out without moving focus. */
export function StatusMessage({ message }: StatusMessageProps) {
  return (
    <p role="status" className={message ? "alert alert-success" : "visually-hidden"}>
      {message}
    </p>
  );
}
