import { type UserUpdateInput, userUpdateInputSchema } from "@pyroscope-auth/auth-core/rules";
import { useState } from "react";
import { FormAlert } from "../../components/form-alert";
import { StatusMessage } from "../../components/status-message";
import { TextField } from "../../components/text-field";
import { useForm } from "../../hooks/use-form";
import type { User } from "../../lib/api-types";
import { schemaErrors } from "../../lib/schema-errors";
import { trpc } from "../../lib/trpc";

interface ProfileFormProps {
  readonly user: User;
}

/** Name, full name and email. An empty email or full name removes it. */
export function ProfileForm({ user }: ProfileFormProps) {
  const utils = trpc.useUtils();
  const [status, setStatus] = useState<string>();
  const form = useForm(
    { name: user.name, fullName: user.fullName ?? "", email: user.email ?? "" },
    (values) => schemaErrors<keyof UserUpdateInput>(userUpdateInputSchema, values),
  );
  const update = trpc.user.update.useMutation({
    onMutate: () => setStatus(undefined),
    onSuccess: (updated) => {
      // One's own profile: the caller as user.me had it, with the fields just saved.
      utils.user.me.setData(undefined, (me) => me && { ...me, ...updated });
      setStatus("Profile saved.");
    },
    onError: form.showServerError,
  });

  return (
    <form
      className="form"
      noValidate
      aria-label="Profile"
      onSubmit={form.handleSubmit(({ name, fullName, email }) =>
        update.mutate({ name, fullName: fullName || null, email: email || null }),
      )}
    >
      <FormAlert messages={form.formErrors} />
      <StatusMessage message={status} />
      <TextField
        label="User name"
        {...form.field("name")}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
      />
      <TextField label="Full name" {...form.field("fullName")} autoComplete="name" />
      <TextField label="Email" type="email" {...form.field("email")} autoComplete="email" />
      <button type="submit" className="button-primary" disabled={update.isPending}>
        {update.isPending ? "Saving…" : "Save profile"}
      </button>
    </form>
  );
}
