import { createUserSchemas, type UserCreateInput } from "@pyroscope-auth/auth-core/rules";
import { useMemo } from "react";
import { Dialog } from "../../components/dialog";
import { FormAlert } from "../../components/form-alert";
import { NewAccountFields, newAccountInput } from "../../components/new-account-fields";
import { SelectField } from "../../components/select-field";
import { useForm } from "../../hooks/use-form";
import { usePasswordPolicy } from "../../hooks/use-password-policy";
import type { User } from "../../lib/api-types";
import { schemaErrors } from "../../lib/schema-errors";
import { trpc } from "../../lib/trpc";
import { roleOptions } from "./role-options";

interface CreateUserDialogProps {
  readonly onCreated: (user: User) => void;
  readonly onClosed: () => void;
}

export function CreateUserDialog({ onCreated, onClosed }: CreateUserDialogProps) {
  const utils = trpc.useUtils();
  const loaded = usePasswordPolicy();
  const { userCreateInputSchema } = useMemo(
    () => createUserSchemas(loaded.policy),
    [loaded.policy],
  );
  const form = useForm(
    { name: "", email: "", fullName: "", password: "", role: "ReadOnly" },
    (values) => schemaErrors<keyof UserCreateInput>(userCreateInputSchema, values),
  );
  const create = trpc.admin.users.create.useMutation({
    onError: form.showServerError,
  });

  return (
    <Dialog title="Create user" onClosed={onClosed}>
      {(close) => (
        <form
          className="form"
          noValidate
          onSubmit={form.handleSubmit(({ role, ...account }) =>
            create.mutate(
              { ...newAccountInput(account), role },
              {
                onSuccess: (created) => {
                  void utils.admin.users.list.invalidate();
                  onCreated(created);
                  close();
                },
              },
            ),
          )}
        >
          <FormAlert messages={form.formErrors} />
          <NewAccountFields field={form.field} loaded={loaded} whose="other" initialFocus />
          <SelectField label="Role" {...form.field("role")} options={roleOptions} />
          <div className="actions">
            <button type="button" className="button-secondary" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button-primary" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create user"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
