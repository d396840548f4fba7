import { type ReactNode, Suspense, useEffect, useRef } from "react";
import { Redirect, useLocation, useSearch } from "wouter";
import { AppShell } from "../components/app-shell";
import { ErrorNotice } from "../components/error-notice";
import { Loading } from "../components/loading";
import { isUnauthorized } from "../lib/api-error";
import type { User } from "../lib/api-types";
import { appBase, withReturn } from "../lib/return-target";
import { trpc } from "../lib/trpc";
import { ChangePasswordPage } from "./change-password/change-password-page";

interface SessionGateProps {
  readonly children: (user: User) => ReactNode;
}

/**
 * Every signed-in page goes through here: no session → /login (query cache handler), a pending
 * password change → /change-password before anything else.
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
  if (user.mustChangePassword && !onPasswordPage) {
    return (
      <Redirect
        to={withReturn(
          "/change-password",
          `${appBase}${location}${search ? `?${search}` : ""}`,
          window.location.origin,
        )}
        replace
      />
    );
  }
  return (
    <AppShell user={user} navigation={!user.mustChangePassword}>
      <Suspense fallback={<Loading />}>
        {onPasswordPage ? <ChangePasswordPage user={user} /> : children(user)}
      </Suspense>
    </AppShell>
  );
}
