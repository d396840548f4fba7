interface FormAlertProps {
  readonly messages: readonly string[];
}

/** Messages about the whole form (wrong credentials, throttling), announced when they appear. */
export function FormAlert({ messages }: FormAlertProps) {
  return (
    <div role="alert" className={messages.length > 0 ? "alert alert-error" : "visually-hidden"}>
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
