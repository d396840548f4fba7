import { useRef, useState } from "react";
import { ErrorNotice } from "../../components/error-notice";
import { Loading } from "../../components/loading";
import { StatusMessage } from "../../components/status-message";
import { useDocumentTitle } from "../../hooks/use-document-title";
import type { User } from "../../lib/api-types";
import { trpc } from "../../lib/trpc";
import { CreateUserDialog } from "./create-user-dialog";
import { searchUsers } from "./user-search";
import { UsersTable } from "./users-table";

interface UsersPageProps {
  readonly user: User;
}

/** Admin: every account, searchable, with create, role, enable/disable, password and delete. */
export function UsersPage({ user: me }: UsersPageProps) {
  useDocumentTitle("Users");
  const users = trpc.admin.users.list.useQuery();
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const [status, setStatus] = useState<string>();
  const searchRef = useRef<HTMLInputElement>(null);
  const shown = users.data ? searchUsers(users.data, query) : [];

  return (
    <>
      <div className="page-heading">
        <h1>Users</h1>
        <button type="button" className="button-primary" onClick={() => setCreating(true)}>
          Create user
        </button>
      </div>
      <StatusMessage message={status} />
      <section className="card" aria-label="User list">
        <div className="field search-field">
          <label htmlFor="user-search">Search users</label>
          <input
            id="user-search"
            ref={searchRef}
            type="search"
            value={query}
            placeholder="Name, full name or email"
            aria-describedby="user-count"
            onChange={(event) => setQuery(event.target.value)}
          />
          <p id="user-count" className="field-hint">
            {users.data ? `${shown.length} of ${users.data.length} users` : ""}
          </p>
        </div>
        {users.isPending ? <Loading label="Loading users…" /> : null}
        {users.isError ? <ErrorNotice title="Could not load users." error={users.error} /> : null}
        {users.data ? (
          <UsersTable
            users={shown}
            me={me}
            onStatus={setStatus}
            onDeleted={() => searchRef.current?.focus()}
          />
        ) : null}
      </section>
      {creating ? (
        <CreateUserDialog
          onCreated={(created) => setStatus(`User ${created.name} created.`)}
          onClosed={() => setCreating(false)}
        />
      ) : null}
    </>
  );
}
