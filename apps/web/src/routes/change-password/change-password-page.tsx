import { useLocation, useSearch } from "wouter";
import { ChangePasswordForm } from "../../components/change-password-form";
import { useDocumentTitle } from "../../hooks/use-document-title";
import type { User } from "../../lib/api-types";
import { safeNextPath } from "../../lib/next-path";
import { trpc } from "../../lib/trpc";

interface ChangePasswordPageProps {
  readonly user: User;
}

/**
 * First login (or a password reset by the CLI's policy): the server refuses everything else until
 * the password is changed, so this page is all there is until then.
 */
export function ChangePasswordPage({ user }: ChangePasswordPageProps) {
  useDocumentTitle("Choose a new password");
  const utils = trpc.useUtils();
  const [, navigate] = useLocation();
  const next = safeNextPath(new URLSearchParams(useSearch()).get("next"));
  return (
    <section className="card narrow">
      <h1>Choose a new password</h1>
      {user.mustChangePassword ? (
        <p className="alert alert-info">
          Your account still has its initial password. Choose a new one before you continue.
        </p>
      ) : null}
      <ChangePasswordForm
        user={user}
        submitLabel="Change password and continue"
        onChanged={() => {
          void utils.user.me.invalidate().then(() => navigate(next, { replace: true }));
        }}
      />
    </section>
  );
}
