import { checkNewPassword } from "@pyroscope-auth/auth-core/rules";
import { Dialog } from "../../components/dialog";
import { FormAlert } from "../../components/form-alert";
import { NewPasswordFields } from "../../components/new-password-fields";
import { useForm } from "../../hooks/use-form";
import { usePasswordPolicy } from "../../hooks/use-password-policy";
import type { User } from "../../lib/api-types";
import type { FieldErrors } from "../../lib/schema-errors";
import { trpc } from "../../lib/trpc";

const fields = ["password", "confirmPassword"] as const;

interface SetPasswordDialogProps {
  readonly user: User;
  readonly onDone: () => void;
  readonly onClosed: () => void;
}

/** An admin sets another user's password; the server ends that user's sessions. */
export function SetPasswordDialog({ user, onDone, onClosed }: SetPasswordDialogProps) {
  const loaded = usePasswordPolicy();
  const form = useForm({ password: "", confirmPassword: "" }, (values) => {
    const errors: FieldErrors<(typeof fields)[number]> = {};
    const broken = checkNewPassword(values.password, loaded.policy, user);
    if (broken) errors.password = broken.message;
    if (values.confirmPassword !== values.password)
      errors.confirmPassword = "the passwords do not match";
    return errors;
  });
  const setPassword = trpc.admin.users.setPassword.useMutation({
    onError: form.showServerError,
  });

  return (
    <Dialog title={`Set password of ${user.name}`} onClosed={onClosed}>
      {(close) => (
        <form
          className="form"
          noValidate
          onSubmit={form.handleSubmit(({ password }) =>
            setPassword.mutate(
              { id: user.id, password },
              {
                onSuccess: () => {
                  onDone();
                  close();
                },
              },
            ),
          )}
        >
          <FormAlert messages={form.formErrors} />
          <NewPasswordFields
            password={form.field("password")}
            confirmation={form.field("confirmPassword")}
            loaded={loaded}
            owner={user}
            initialFocus
          />
          <p className="field-hint">{user.name} will be signed out everywhere.</p>
          <div className="actions">
            <button type="button" className="button-secondary" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button-primary" disabled={setPassword.isPending}>
              {setPassword.isPending ? "Saving…" : "Set password"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
