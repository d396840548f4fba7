import { type ReactNode, useEffect, useRef } from "react";
import { useLocation } from "wouter";
import { useAppConfig } from "../hooks/use-app-config";
import type { User } from "../lib/api-types";
import { basePath } from "../lib/return-target";
import { Brand } from "./brand";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

interface AppShellProps {
  readonly user: User;
  /** False on the first-login password screen, where nothing else is reachable yet. */
  readonly navigation: boolean;
  readonly children: ReactNode;
}

/** Header (product, pages, who is signed in, sign out) around a signed-in page. */
export function AppShell({ user, navigation, children }: AppShellProps) {
  const [location] = useLocation();
  const gatewayEnabled = useAppConfig().data?.gatewayEnabled ?? false;
  const main = useRef<HTMLElement>(null);
  const shownAt = useRef(location);
  // After a page change, focus starts at the new page's content (and screen readers read it),
  // not on the link that was followed.
  useEffect(() => {
    if (shownAt.current === location) return;
    shownAt.current = location;
    main.current?.focus();
  }, [location]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <Brand />
        {navigation ? (
          <nav aria-label="Main" className="main-nav">
            {gatewayEnabled ? (
              // The Pyroscope UI this server guards: a page of another app, loaded whole.
              <a className="nav-link" href={`${basePath}/`}>
                Pyroscope
              </a>
            ) : null}
            <NavLink href="/">Home</NavLink>
            <NavLink href="/settings">Settings</NavLink>
            {user.role === "Admin" ? (
              <>
                <NavLink href="/admin/users">Users</NavLink>
                <NavLink href="/admin/api-keys">API keys</NavLink>
              </>
            ) : null}
          </nav>
        ) : null}
        <div className="account">
          <span className="account-name">
            {user.name} <span className="role-badge">{user.role}</span>
          </span>
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}
