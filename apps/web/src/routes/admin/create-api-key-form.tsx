import { apiKeyCreateInputSchema } from "@pyroscope-auth/auth-core/rules";
import { FormAlert } from "../../components/form-alert";
import { SelectField } from "../../components/select-field";
import { TextField } from "../../components/text-field";
import { useForm } from "../../hooks/use-form";
import { schemaErrors } from "../../lib/schema-errors";
import { trpc } from "../../lib/trpc";
import { expiryOptions, expirySeconds } from "./api-key-expiry";
import { roleOptions } from "./role-options";

const fields = ["name", "role", "expiry"] as const;

interface CreateApiKeyFormProps {
  /** The full key: the only time anyone sees it. */
  readonly onCreated: (name: string, key: string) => void;
}

export function CreateApiKeyForm({ onCreated }: CreateApiKeyFormProps) {
  const utils = trpc.useUtils();
  const form = useForm(
    { name: "", role: "Agent", expiry: "never" },
    ({ name, role, expiry }) =>
      schemaErrors<(typeof fields)[number]>(apiKeyCreateInputSchema, {
        name,
        role,
        ttlSeconds: expirySeconds(expiry),
      }),
    { ttlSeconds: "expiry" },
  );
  const create = trpc.admin.apiKeys.create.useMutation({
    onSuccess: ({ apiKey, key }) => {
      form.reset();
      void utils.admin.apiKeys.list.invalidate();
      onCreated(apiKey.name, key);
    },
    onError: form.showServerError,
  });

  return (
    <form
      className="form form-row"
      noValidate
      aria-label="Create API key"
      onSubmit={form.handleSubmit(({ name, role, expiry }) => {
        const ttlSeconds = expirySeconds(expiry);
        create.mutate({ name, role, ...(ttlSeconds ? { ttlSeconds } : {}) });
      })}
    >
      <FormAlert messages={form.formErrors} />
      <TextField label="Name" {...form.field("name")} autoComplete="off" required />
      <SelectField label="Role" {...form.field("role")} options={roleOptions} />
      <SelectField label="Expires" {...form.field("expiry")} options={expiryOptions} />
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create API key"}
      </button>
    </form>
  );
}
