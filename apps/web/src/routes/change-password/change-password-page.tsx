import { useLocation } from "wouter";
import { ChangePasswordForm } from "../../components/change-password-form";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useReturnTarget } from "../../hooks/use-return-target";
import type { User } from "../../lib/api-types";
import { followTarget } from "../../lib/follow-target";
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
  const next = useReturnTarget();
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
          void utils.user.me.invalidate().then(() => followTarget(next, navigate));
        }}
      />
    </section>
  );
}
