import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { ErrorNotice } from "../../components/error-notice";
import { Loading } from "../../components/loading";
import { StatusMessage } from "../../components/status-message";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { apiErrorMessages } from "../../lib/api-error";
import type { ApiKey } from "../../lib/api-types";
import { formatDateTime, formatRelative } from "../../lib/format-time";
import { trpc } from "../../lib/trpc";
import { CreateApiKeyForm } from "./create-api-key-form";
import { NewApiKey } from "./new-api-key";

function expiryText(expiresAt: string | null): string {
  if (!expiresAt) return "never";
  return new Date(expiresAt) <= new Date() ? "expired" : formatRelative(expiresAt);
}

/** Admin: keys for agents and scripts (`Authorization: Bearer psx-…`). */
export function ApiKeysPage() {
  useDocumentTitle("API keys");
  const utils = trpc.useUtils();
  const keys = trpc.admin.apiKeys.list.useQuery();
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const [deleting, setDeleting] = useState<ApiKey>();
  const [status, setStatus] = useState<string>();
  const remove = trpc.admin.apiKeys.delete.useMutation();

  return (
    <>
      <h1>API keys</h1>
      <StatusMessage message={status} />
      {created ? (
        <NewApiKey
          name={created.name}
          apiKey={created.key}
          onDismiss={() => setCreated(undefined)}
        />
      ) : null}
      <section className="card" aria-labelledby="create-key-heading">
        <h2 id="create-key-heading">Create an API key</h2>
        <CreateApiKeyForm
          onCreated={(name, key) => {
            setStatus(undefined);
            setCreated({ name, key });
          }}
        />
      </section>
      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys</h2>
        {keys.isPending ? <Loading label="Loading API keys…" /> : null}
        {keys.isError ? <ErrorNotice title="Could not load API keys." error={keys.error} /> : null}
        {keys.data?.length === 0 ? <p className="muted">No API keys yet.</p> : null}
        {keys.data && keys.data.length > 0 ? (
          <table className="table">
            <caption className="visually-hidden">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Created by</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id}>
                  <td data-label="Name">{key.name}</td>
                  <td data-label="Role">{key.role}</td>
                  <td data-label="Created">{formatDateTime(key.createdAt)}</td>
                  <td data-label="Created by">{key.createdBy}</td>
                  <td data-label="Expires">{expiryText(key.expiresAt)}</td>
                  <td data-label="Last used">
                    {key.lastSeenAt ? formatRelative(key.lastSeenAt) : "never"}
                  </td>
                  <td data-label="Actions">
                    <button
                      type="button"
                      className="button-danger"
                      onClick={() => {
                        remove.reset();
                        setDeleting(key);
                      }}
                    >
                      Delete<span className="visually-hidden"> API key {key.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {deleting ? (
        <ConfirmDialog
          title={`Delete API key ${deleting.name}?`}
          confirmLabel="Delete API key"
          pending={remove.isPending}
          errors={remove.error ? apiErrorMessages(remove.error) : []}
          onConfirm={(close) =>
            remove.mutate(
              { id: deleting.id },
              {
                onSuccess: () => {
                  close();
                  setStatus(`API key ${deleting.name} deleted.`);
                  void utils.admin.apiKeys.list.invalidate();
                },
              },
            )
          }
          onClosed={() => setDeleting(undefined)}
        >
          <p>Anything using this key is refused from now on. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
