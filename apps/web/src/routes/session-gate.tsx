import { type ReactNode, Suspense, useEffect, useRef } from "react";
import { Redirect, useLocation, useSearch } from "wouter";
import { AppShell } from "../components/app-shell";
import { ErrorNotice } from "../components/error-notice";
import { Loading } from "../components/loading";
import { isUnauthorized } from "../lib/api-error";
import type { Caller, User } from "../lib/api-types";
import { appBase, withReturn } from "../lib/return-target";
import { trpc } from "../lib/trpc";
import { ChangePasswordPage } from "./change-password/change-password-page";
import { SetUpTwoFactorPage } from "./lazy-pages";

interface SessionGateProps {
  readonly children: (user: User) => ReactNode;
}

/** The page of a step the server asks for before anything else, first the password's. */
function pendingStep(user: Caller): string | undefined {
  if (user.mustChangePassword) return "/change-password";
  if (user.mustSetUpSecondFactor) return "/set-up-two-factor";
  return undefined;
}

/**
 * Every signed-in page goes through here: no session → /login (query cache handler), a pending
 * password change → /change-password, then a second factor the role requires →
 * /set-up-two-factor, before anything else.
 */
export function SessionGate({ children }: SessionGateProps) {
  const [location] = useLocation();
  const search = useSearch();
  // Asked again on every page change and every minute: a role change, a disable or a revoked
  // session shows at the next step the user takes, not only at their next write.
  const me = trpc.user.me.useQuery(undefined, { retry: false, refetchInterval: 60_000 });
  const shownAt = useRef(location);
  const { refetch } = me;
  useEffect(() => {
    if (shownAt.current === location) return;
    shownAt.current = location;
    void refetch();
  }, [location, refetch]);
  const user = me.data;
  if (!user) {
    // No session: the redirect to /login is already on its way (lib/session-redirects.ts).
    if (me.isPending || isUnauthorized(me.error)) return <Loading />;
    return (
      <main id="main" className="page">
        <ErrorNotice title="Could not load your account." error={me.error} />
      </main>
    );
  }
  const onPasswordPage = location === "/change-password";
  const onSetUpPage = location === "/set-up-two-factor";
  const step = pendingStep(user);
  // On either step's page it stays: the page itself goes on once its step is done.
  if (step && !onPasswordPage && !onSetUpPage) {
    return (
      <Redirect
        to={withReturn(
          step,
          `${appBase}${location}${search ? `?${search}` : ""}`,
          window.location.origin,
        )}
        replace
      />
    );
  }
  return (
    <AppShell user={user} navigation={step === undefined}>
      <Suspense fallback={<Loading />}>
        {onPasswordPage ? (
          <ChangePasswordPage user={user} />
        ) : onSetUpPage ? (
          <SetUpTwoFactorPage user={user} />
        ) : (
          children(user)
        )}
      </Suspense>
    </AppShell>
  );
}
