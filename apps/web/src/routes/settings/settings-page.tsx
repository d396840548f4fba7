import { useState } from "react";
import { ChangePasswordForm } from "../../components/change-password-form";
import { StatusMessage } from "../../components/status-message";
import { useDocumentTitle } from "../../hooks/use-document-title";
import type { User } from "../../lib/api-types";
import { trpc } from "../../lib/trpc";
import { ProfileForm } from "./profile-form";
import { SecondFactorSettings } from "./second-factor-settings";
import { SessionsList } from "./sessions-list";

interface SettingsPageProps {
  readonly user: User;
}

/** One's own account: profile, password, second factor, and where one is signed in. */
export function SettingsPage({ user }: SettingsPageProps) {
  useDocumentTitle("Settings");
  const utils = trpc.useUtils();
  const [passwordStatus, setPasswordStatus] = useState<string>();
  return (
    <>
      <h1>Settings</h1>
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <ProfileForm user={user} />
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <StatusMessage message={passwordStatus} />
        <ChangePasswordForm
          user={user}
          submitLabel="Change password"
          onChanged={() => {
            setPasswordStatus("Password changed. Your other sessions were signed out.");
            void utils.user.sessions.list.invalidate();
          }}
        />
      </section>
      <section className="card" aria-labelledby="second-factor-heading">
        <h2 id="second-factor-heading">Two-factor authentication</h2>
        <SecondFactorSettings />
      </section>
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <SessionsList />
      </section>
    </>
  );
}
