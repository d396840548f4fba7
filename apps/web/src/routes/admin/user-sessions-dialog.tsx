import { Dialog } from "../../components/dialog";
import { ErrorNotice } from "../../components/error-notice";
import { FormAlert } from "../../components/form-alert";
import { Loading } from "../../components/loading";
import { SessionDetails, signOutLabel } from "../../components/session-details";
import { apiErrorMessages } from "../../lib/api-error";
import type { User } from "../../lib/api-types";
import { trpc } from "../../lib/trpc";

interface UserSessionsDialogProps {
  readonly user: User;
  readonly onStatus: (message: string) => void;
  readonly onClosed: () => void;
}

/**
 * Where another user is signed in, and signing them out of one device or all of them without
 * disabling the account: each browser is refused at its next request.
 */
export function UserSessionsDialog({ user, onStatus, onClosed }: UserSessionsDialogProps) {
  const utils = trpc.useUtils();
  const sessions = trpc.admin.users.sessions.list.useQuery({ id: user.id });
  const refresh = () => void utils.admin.users.sessions.list.invalidate({ id: user.id });
  const revoke = trpc.admin.users.sessions.revoke.useMutation({
    onSuccess: () => {
      onStatus(`A session of ${user.name} was signed out.`);
      refresh();
    },
  });
  const revokeAll = trpc.admin.users.sessions.revokeAll.useMutation();
  const failed = revoke.error ?? revokeAll.error;

  return (
    <Dialog title={`Sessions of ${user.name}`} onClosed={onClosed}>
      {(close) => (
        <>
          <FormAlert messages={failed ? apiErrorMessages(failed) : []} />
          {sessions.isPending ? <Loading label="Loading sessions…" /> : null}
          {sessions.isError ? (
            <ErrorNotice title="Could not load sessions." error={sessions.error} />
          ) : null}
          {sessions.data?.length === 0 ? <p>{user.name} is not signed in anywhere.</p> : null}
          {sessions.data?.length ? (
            <ul className="session-list">
              {sessions.data.map((session) => (
                <li key={session.id} className="session">
                  <SessionDetails session={session} />
                  <button
                    type="button"
                    className="button-secondary"
                    disabled={revoke.isPending}
                    aria-label={signOutLabel(session)}
                    onClick={() => revoke.mutate({ id: user.id, sessionId: session.id })}
                  >
                    Sign out
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="actions">
            <button
              type="button"
              className="button-danger"
              disabled={!sessions.data?.length || revokeAll.isPending}
              onClick={() =>
                revokeAll.mutate(
                  { id: user.id },
                  {
                    onSuccess: ({ revoked }) => {
                      onStatus(
                        `${user.name} was signed out everywhere (${revoked} ${revoked === 1 ? "session" : "sessions"}).`,
                      );
                      close();
                    },
                  },
                )
              }
            >
              Sign out everywhere
            </button>
            <button type="button" className="button-secondary" data-initial-focus onClick={close}>
              Close
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
