import { createUserSchemas, type SignupInput } from "@pyroscope-auth/auth-core/rules";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useLocation } from "wouter";
import { FormAlert } from "../../components/form-alert";
import { Loading } from "../../components/loading";
import { NewAccountFields, newAccountInput } from "../../components/new-account-fields";
import { PublicLayout } from "../../components/public-layout";
import { useAppConfig } from "../../hooks/use-app-config";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useForm } from "../../hooks/use-form";
import { usePasswordPolicy } from "../../hooks/use-password-policy";
import { useReturnTarget } from "../../hooks/use-return-target";
import { followTarget } from "../../lib/follow-target";
import { schemaErrors } from "../../lib/schema-errors";
import { forgetSession } from "../../lib/session-cache";
import { trpc } from "../../lib/trpc";

function SignupForm() {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const next = useReturnTarget();
  const loaded = usePasswordPolicy();
  const { signupInputSchema } = useMemo(() => createUserSchemas(loaded.policy), [loaded.policy]);
  const form = useForm({ name: "", email: "", fullName: "", password: "" }, (values) =>
    schemaErrors<keyof SignupInput>(signupInputSchema, values),
  );
  const signup = trpc.auth.signup.useMutation({
    onSuccess: () => {
      forgetSession(queryClient);
      followTarget(next, navigate);
    },
    onError: form.showServerError,
  });

  return (
    <form
      className="form"
      noValidate
      aria-label="Sign up"
      onSubmit={form.handleSubmit((account) => signup.mutate(newAccountInput(account)))}
    >
      <FormAlert messages={form.formErrors} />
      <NewAccountFields field={form.field} loaded={loaded} whose="own" />
      <button type="submit" className="button-primary" disabled={signup.isPending}>
        {signup.isPending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}

export function SignupPage() {
  useDocumentTitle("Sign up");
  const config = useAppConfig();
  if (!config.data) return <Loading />;
  return (
    <PublicLayout title={config.data.signupEnabled ? "Create your account" : "Sign-up is disabled"}>
      {config.data.signupEnabled ? (
        <SignupForm />
      ) : (
        <p className="alert alert-info">
          This server does not allow creating accounts yourself. Ask an administrator to create one
          for you.
        </p>
      )}
      <p className="form-footer">
        Already have an account? <Link href="/login">Log in</Link>
      </p>
    </PublicLayout>
  );
}
