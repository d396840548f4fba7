import { useLocation } from "wouter";
import { useDocumentTitle } from "../../hooks/use-document-title";
import { useReturnTarget } from "../../hooks/use-return-target";
import type { Caller } from "../../lib/api-types";
import { followTarget } from "../../lib/follow-target";
import { trpc } from "../../lib/trpc";
import { SecondFactorSettings } from "../settings/second-factor-settings";

interface SetUpTwoFactorPageProps {
  readonly user: Caller;
}

/**
 * A role that requires a second factor (auth.internal.totp.required-roles): the server refuses
 * everything else until an authenticator app is set up, so this page is all there is until then.
 * Once the recovery codes are saved, the person goes on to where they were going.
 */
export function SetUpTwoFactorPage({ user }: SetUpTwoFactorPageProps) {
  useDocumentTitle("Set up two-factor authentication");
  const utils = trpc.useUtils();
  const [, navigate] = useLocation();
  const next = useReturnTarget();
  return (
    <section className="card narrow">
      <h1>Set up two-factor authentication</h1>
      {user.mustSetUpSecondFactor ? (
        <p className="alert alert-info">
          As {user.role === "Admin" ? "an" : "a"} {user.role}, you sign in with a code from an
          authenticator app as well as your password. Set one up before you continue.
        </p>
      ) : null}
      <SecondFactorSettings
        onDone={() => void utils.user.me.invalidate().then(() => followTarget(next, navigate))}
      />
    </section>
  );
}
