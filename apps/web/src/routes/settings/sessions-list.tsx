import { useState } from "react";
import { ErrorNotice } from "../../components/error-notice";
import { FormAlert } from "../../components/form-alert";
import { Loading } from "../../components/loading";
import { SessionDetails, signOutLabel } from "../../components/session-details";
import { StatusMessage } from "../../components/status-message";
import { apiErrorMessages } from "../../lib/api-error";
import { trpc } from "../../lib/trpc";

/** Where one is signed in (device, address, last seen), and ending those sessions. */
export function SessionsList() {
  const utils = trpc.useUtils();
  const sessions = trpc.user.sessions.list.useQuery();
  const [status, setStatus] = useState<string>();
  const revoke = trpc.user.sessions.revoke.useMutation({
    onSuccess: () => {
      setStatus("Session signed out.");
      void utils.user.sessions.list.invalidate();
    },
  });
  const revokeOthers = trpc.user.sessions.revokeOthers.useMutation({
    onSuccess: ({ revoked }) => {
      setStatus(
        revoked === 1 ? "1 other session signed out." : `${revoked} other sessions signed out.`,
      );
      void utils.user.sessions.list.invalidate();
    },
  });
  const failed = revoke.error ?? revokeOthers.error;

  if (sessions.isPending) return <Loading label="Loading sessions…" />;
  if (sessions.isError)
    return <ErrorNotice title="Could not load sessions." error={sessions.error} />;
  const others = sessions.data.filter((session) => !session.current).length;

  return (
    <>
      <StatusMessage message={status} />
      <FormAlert messages={failed ? apiErrorMessages(failed) : []} />
      <ul className="session-list">
        {sessions.data.map((session) => (
          <li key={session.id} className="session">
            <SessionDetails
              session={session}
              badge={session.current ? <span className="badge">This device</span> : null}
            />
            {session.current ? null : (
              <button
                type="button"
                className="button-secondary"
                disabled={revoke.isPending}
                aria-label={signOutLabel(session)}
                onClick={() => {
                  setStatus(undefined);
                  revoke.mutate({ id: session.id });
                }}
              >
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button-secondary"
        disabled={others === 0 || revokeOthers.isPending}
        onClick={() => {
          setStatus(undefined);
          revokeOthers.mutate();
        }}
      >
        Sign out all other sessions
      </button>
    </>
  );
}
