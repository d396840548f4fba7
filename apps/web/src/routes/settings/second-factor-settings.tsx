import {
  type SecondFactorDisableInput,
  secondFactorDisableInputSchema,
  totpConfirmInputSchema,
} from "@pyroscope-auth/auth-core/rules";
import { useState } from "react";
import { FormAlert } from "../../components/form-alert";
import { Loading } from "../../components/loading";
import { PasswordField } from "../../components/password-field";
import { StatusMessage } from "../../components/status-message";
import { TextField } from "../../components/text-field";
import { useAppConfig } from "../../hooks/use-app-config";
import { useForm } from "../../hooks/use-form";
import { apiErrorMessages } from "../../lib/api-error";
import { schemaErrors } from "../../lib/schema-errors";
import { trpc } from "../../lib/trpc";
import { TotpQrCode } from "./totp-qr-code";

interface SecondFactorSettingsProps {
  /** Once the recovery codes are saved after a set-up: where the set-up page goes on. */
  readonly onDone?: () => void;
}

/**
 * One's second factor: setting up an authenticator app (its secret as a QR code and as text,
 * confirmed by a first code), the recovery codes shown once, and turning it off (unless one's
 * role requires it).
 */
export function SecondFactorSettings({ onDone }: SecondFactorSettingsProps = {}) {
  const utils = trpc.useUtils();
  const status = trpc.user.secondFactor.status.useQuery();
  const config = useAppConfig();
  const [statusMessage, setStatusMessage] = useState<string>();
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const refresh = () => void utils.user.secondFactor.status.invalidate();
  const begin = trpc.user.secondFactor.begin.useMutation();
  const confirm = trpc.user.secondFactor.confirm.useMutation({
    onSuccess: ({ recoveryCodes: codes }) => {
      setRecoveryCodes(codes);
      begin.reset();
      refresh();
    },
  });
  const disable = trpc.user.secondFactor.disable.useMutation({
    onSuccess: () => {
      setStatusMessage("Two-factor authentication is off.");
      refresh();
    },
  });
  const confirmForm = useForm({ code: "" }, (values) =>
    schemaErrors<"code">(totpConfirmInputSchema, values),
  );
  const disableForm = useForm({ password: "", code: "" }, (values) =>
    schemaErrors<keyof SecondFactorDisableInput>(secondFactorDisableInputSchema, values),
  );

  if (status.isPending) return <Loading label="Loading two-factor authentication…" />;
  if (status.isError) return <FormAlert messages={apiErrorMessages(status.error)} />;

  if (recoveryCodes)
    return (
      <div>
        <p role="status">Two-factor authentication is on.</p>
        <p>
          Keep these recovery codes somewhere safe: each signs you in once without your app. They
          are shown only now.
        </p>
        <ul className="recovery-codes" aria-label="Recovery codes">
          {recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className={onDone ? "button-primary" : "button-secondary"}
          onClick={() => (onDone ? onDone() : setRecoveryCodes(undefined))}
        >
          {onDone ? "I have saved them, continue" : "I have saved them"}
        </button>
      </div>
    );

  if (status.data.enabled && status.data.required)
    return (
      <p>
        On, with an authenticator app. {status.data.recoveryCodesLeft} recovery codes left. Your
        role requires it, so it stays on; an admin can reset it if you lose your phone.
      </p>
    );

  if (status.data.enabled)
    return (
      <form
        className="form"
        noValidate
        aria-label="Turn off two-factor authentication"
        onSubmit={disableForm.handleSubmit((values) => disable.mutate(values))}
      >
        <p>On, with an authenticator app. {status.data.recoveryCodesLeft} recovery codes left.</p>
        <FormAlert messages={disable.error ? apiErrorMessages(disable.error) : []} />
        <PasswordField
          label="Password"
          {...disableForm.field("password")}
          autoComplete="current-password"
        />
        <TextField label="Code" {...disableForm.field("code")} autoComplete="one-time-code" />
        <button type="submit" className="button-danger" disabled={disable.isPending}>
          Turn off
        </button>
      </form>
    );

  return (
    <div>
      <StatusMessage message={statusMessage} />
      {begin.data ? (
        <form
          className="form"
          noValidate
          aria-label="Set up an authenticator app"
          onSubmit={confirmForm.handleSubmit(({ code }) => confirm.mutate({ code }))}
        >
          <p>Scan this code with your authenticator app, or type the secret into it:</p>
          <TotpQrCode uri={begin.data.uri} />
          <p>
            Secret: <code data-testid="totp-secret">{begin.data.secret}</code>
          </p>
          <FormAlert messages={confirm.error ? apiErrorMessages(confirm.error) : []} />
          <TextField
            label="Code from the app"
            {...confirmForm.field("code")}
            autoComplete="one-time-code"
            inputMode="numeric"
          />
          <button type="submit" className="button-primary" disabled={confirm.isPending}>
            Turn on
          </button>
        </form>
      ) : (
        <>
          <p>Off. With it on, signing in also asks for a code from an app on your phone.</p>
          {config.data?.totpEnabled === false ? (
            <p className="muted">Setting it up is turned off on this server.</p>
          ) : null}
          <FormAlert messages={begin.error ? apiErrorMessages(begin.error) : []} />
          <button
            type="button"
            className="button-secondary"
            disabled={begin.isPending || config.data?.totpEnabled === false}
            onClick={() => {
              setStatusMessage(undefined);
              begin.mutate();
            }}
          >
            Set up two-factor authentication
          </button>
        </>
      )}
    </div>
  );
}
