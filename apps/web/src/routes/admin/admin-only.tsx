import type { ReactNode } from "react";
import { Link } from "wouter";
import { useDocumentTitle } from "../../hooks/use-document-title";
import type { User } from "../../lib/api-types";

interface AdminOnlyProps {
  readonly user: User;
  readonly children: ReactNode;
}

function PermissionDenied() {
  useDocumentTitle("Permission denied");
  return (
    <section className="card">
      <h1>Permission denied</h1>
      <p>
        Only administrators can open this page. <Link href="/">Go to the home page</Link>.
      </p>
    </section>
  );
}

/** The admin pages, for the Admin role; the API refuses everyone else anyway. */
export function AdminOnly({ user, children }: AdminOnlyProps) {
  return user.role === "Admin" ? children : <PermissionDenied />;
}
