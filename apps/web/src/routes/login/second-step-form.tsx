import { totpConfirmInputSchema } from "@pyroscope-auth/auth-core/rules";
import { FormAlert } from "../../components/form-alert";
import { TextField } from "../../components/text-field";
import { useForm } from "../../hooks/use-form";
import { loginErrorMessages } from "../../lib/login-error-messages";
import { schemaErrors } from "../../lib/schema-errors";
import { trpc } from "../../lib/trpc";

interface SecondStepFormProps {
  /** auth.login's challenge for this sign-in. */
  readonly challenge: string;
  readonly onSignedIn: () => void;
  /** Back to the password: the challenge expired, or the person wants to start over. */
  readonly onRestart: () => void;
}

/** A sign-in's second step: a code from the authenticator app, or a recovery code. */
export function SecondStepForm({ challenge, onSignedIn, onRestart }: SecondStepFormProps) {
  const form = useForm({ code: "" }, (values) =>
    schemaErrors<"code">(totpConfirmInputSchema, values),
  );
  const complete = trpc.auth.completeSignIn.useMutation({ onSuccess: onSignedIn });
  const messages = complete.error ? loginErrorMessages(complete.error) : [];

  return (
    <form
      className="form"
      noValidate
      aria-label="Two-factor authentication"
      onSubmit={form.handleSubmit(({ code }) => complete.mutate({ challenge, code }))}
    >
      <FormAlert messages={messages} />
      <TextField
        label="Code"
        {...form.field("code")}
        hint="The 6 digits your authenticator app shows, or one of your recovery codes."
        autoComplete="one-time-code"
        inputMode="text"
        autoCapitalize="none"
        spellCheck={false}
        data-initial-focus
        autoFocus
        required
      />
      <button type="submit" className="button-primary" disabled={complete.isPending}>
        {complete.isPending ? "Checking…" : "Continue"}
      </button>
      <button type="button" className="button-secondary" onClick={onRestart}>
        Start over
      </button>
    </form>
  );
}
