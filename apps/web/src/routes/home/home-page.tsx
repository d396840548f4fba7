import { Link } from "wouter";
import { useDocumentTitle } from "../../hooks/use-document-title";
import type { User } from "../../lib/api-types";
import { formatDateTime, formatRelative } from "../../lib/format-time";
import { roleDescriptions } from "./role-descriptions";

interface HomePageProps {
  readonly user: User;
}

/** Who you are and what your role lets you do. */
export function HomePage({ user }: HomePageProps) {
  useDocumentTitle("Home");
  return (
    <>
      <h1>Welcome, {user.fullName || user.name}</h1>
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">Your account</h2>
        <dl className="details">
          <dt>User name</dt>
          <dd>{user.name}</dd>
          <dt>Full name</dt>
          <dd>{user.fullName || "—"}</dd>
          <dt>Email</dt>
          <dd>{user.email || "—"}</dd>
          <dt>Role</dt>
          <dd>
            <span className="role-badge">{user.role}</span> {roleDescriptions[user.role]}
          </dd>
          <dt>Member since</dt>
          <dd>{formatDateTime(user.createdAt)}</dd>
          <dt>Password changed</dt>
          <dd>{formatRelative(user.passwordChangedAt)}</dd>
        </dl>
        <p className="links">
          <Link href="/settings">Edit your profile, password and sessions</Link>
          {user.role === "Admin" ? (
            <>
              <Link href="/admin/users">Manage users</Link>
              <Link href="/admin/api-keys">Manage API keys</Link>
            </>
          ) : null}
        </p>
      </section>
    </>
  );
}
