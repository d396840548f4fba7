import type { QueryClient } from "@tanstack/react-query";
import { navigate } from "wouter/use-browser-location";
import {
  apiErrorMessages,
  isPasswordChangeRequired,
  isSecondFactorSetUpRequired,
  isUnauthorized,
} from "./api-error";
import { appBase, appPathOf, isPublicPath, withReturn } from "./return-target";
import { forgetSession } from "./session-cache";

/** History state the login page reads to say why the user is back there. */
export interface LoginNotice {
  readonly notice: string;
}

/** Whether a signed-in user was on the screen: user.me had answered. */
function wasSignedIn(queryClient: QueryClient): boolean {
  return queryClient
    .getQueriesData({ predicate: (query) => JSON.stringify(query.queryKey[0]) === '["user","me"]' })
    .some(([, data]) => data !== undefined);
}

/**
 * The first message of a lost session, in words for the person at the screen. The server does
 * not say why a session ended (revoked, expired, user disabled): "authentication required" only.
 */
function sessionEndedNotice(error: unknown, signedIn: boolean): string {
  const [message] = apiErrorMessages(error);
  if (message && message !== "authentication required")
    return `Your session has ended (${message}). Please log in again.`;
  return signedIn
    ? "Your session has ended; anything not saved was not kept. Please log in again."
    : "Please log in to continue.";
}

/** The pages that resolve "do this first", by the refusal that asks for it. */
const firstSteps = [
  { page: "/change-password", asked: isPasswordChangeRequired },
  { page: "/set-up-two-factor", asked: isSecondFactorSetUpRequired },
];

/**
 * The app-wide answer to "who are you?", "change your password first" and "set up a second
 * factor first": any call that gets one takes the user to the page that resolves it,
 * remembering where they were.
 */
export function followSessionErrors(error: unknown, queryClient: QueryClient): void {
  const { pathname, search, origin } = window.location;
  const appPath = appPathOf(pathname) ?? pathname;
  if (isUnauthorized(error)) {
    // On the public pages an UNAUTHORIZED is the answer being shown (wrong password).
    if (isPublicPath(appPath)) return;
    const state: LoginNotice = { notice: sessionEndedNotice(error, wasSignedIn(queryClient)) };
    navigate(appBase + withReturn("/login", pathname + search, origin), { replace: true, state });
    forgetSession(queryClient);
    return;
  }
  const step = firstSteps.find(({ asked }) => asked(error));
  if (step && appPath !== step.page)
    navigate(appBase + withReturn(step.page, pathname + search, origin), { replace: true });
}
