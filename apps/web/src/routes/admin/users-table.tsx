import type { User, UserListing } from "../../lib/api-types";
import { UserRow } from "./user-row";

interface UsersTableProps {
  readonly users: readonly UserListing[];
  readonly me: User;
  readonly onStatus: (message: string) => void;
  readonly onDeleted: () => void;
}

/** One row per user; on narrow screens the rows stack as cards (see app.css). */
export function UsersTable({ users, me, onStatus, onDeleted }: UsersTableProps) {
  if (users.length === 0) return <p className="muted">No users match.</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">Users</caption>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Last seen</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <UserRow
            key={user.id}
            user={user}
            isMe={user.id === me.id}
            onStatus={onStatus}
            onDeleted={onDeleted}
          />
        ))}
      </tbody>
    </table>
  );
}
