import { type LoginInput, loginInputSchema } from "@pyroscope-auth/auth-core/rules";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useLocation } from "wouter";
import { useHistoryState } from "wouter/use-browser-location";
import { FormAlert } from "../../components/form-alert";
import { PasswordField } from "../../components/password-field";
import { PublicLayout } from "../../components/public-layout";
import { TextField } from "../../components/text-field";
import { useAppConfig } from "../../hooks/use-app-config";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useForm } from "../../hooks/use-form";
import { useReturnTarget } from "../../hooks/use-return-target";
import { followTarget } from "../../lib/follow-target";
import { loginErrorMessages } from "../../lib/login-error-messages";
import { schemaErrors } from "../../lib/schema-errors";
import { forgetSession } from "../../lib/session-cache";
import type { LoginNotice } from "../../lib/session-redirects";
import { trpc } from "../../lib/trpc";
import { SecondStepForm } from "./second-step-form";

export function LoginPage() {
  useDocumentTitle("Log in");
  const config = useAppConfig();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const next = useReturnTarget();
  const notice = useHistoryState<LoginNotice | null>()?.notice;

  // Someone already signed in has nothing to do here. Only a fresh answer counts: a cached
  // one may belong to the session that just ended. auth.session answers null rather than an
  // error when nobody is signed in, so a visitor's browser logs no failed request.
  const session = trpc.auth.session.useQuery(undefined, { retry: false, refetchOnMount: "always" });
  const signedIn = session.isSuccess && !session.isFetching && session.data.user !== null;
  useEffect(() => {
    if (signedIn) followTarget(next, navigate);
  }, [signedIn, next, navigate]);

  const form = useForm({ username: "", password: "" }, (values) =>
    schemaErrors<keyof LoginInput>(loginInputSchema, values),
  );
  const finish = () => {
    forgetSession(queryClient);
    followTarget(next, navigate);
  };
  // Set once the password is right for an account with a second factor.
  const [challenge, setChallenge] = useState<string>();
  const login = trpc.auth.login.useMutation({
    onSuccess: (result) => {
      if ("secondFactor" in result) setChallenge(result.secondFactor.challenge);
      else finish();
    },
  });

  if (challenge)
    return (
      <PublicLayout title="Log in to Pyroscope">
        <SecondStepForm
          challenge={challenge}
          onSignedIn={finish}
          onRestart={() => {
            login.reset();
            setChallenge(undefined);
          }}
        />
      </PublicLayout>
    );

  return (
    <PublicLayout title="Log in to Pyroscope">
      {notice && !login.isError ? <p className="alert alert-info">{notice}</p> : null}
      <form
        className="form"
        noValidate
        aria-label="Log in"
        onSubmit={form.handleSubmit((values) => login.mutate(values))}
      >
        <FormAlert messages={login.error ? loginErrorMessages(login.error) : []} />
        <TextField
          label="User name"
          {...form.field("username")}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
        <PasswordField
          label="Password"
          {...form.field("password")}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="button-primary" disabled={login.isPending}>
          {login.isPending ? "Logging in…" : "Log in"}
        </button>
      </form>
      {config.data?.signupEnabled ? (
        <p className="form-footer">
          No account yet? <Link href="/signup">Sign up</Link>
        </p>
      ) : null}
    </PublicLayout>
  );
}
