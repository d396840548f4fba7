import type { ReactNode } from "react";
import { describeUserAgent } from "../lib/describe-user-agent";
import { formatDateTime, formatRelative } from "../lib/format-time";

interface SessionDetailsProps {
  readonly session: {
    readonly userAgent: string | null;
    readonly clientIp: string | null;
    readonly lastSeenAt: string;
    readonly createdAt: string;
  };
  /** Shown after the device, e.g. a "This device" badge. */
  readonly badge?: ReactNode;
}

/** Where and when a session is: its device, address, last use and sign-in. */
export function SessionDetails({ session, badge }: SessionDetailsProps) {
  return (
    <div>
      <p className="session-device">
        {describeUserAgent(session.userAgent)}
        {badge}
      </p>
      <p className="muted">
        {session.clientIp ?? "unknown address"} · last seen{" "}
        <time dateTime={session.lastSeenAt} title={formatDateTime(session.lastSeenAt)}>
          {formatRelative(session.lastSeenAt)}
        </time>{" "}
        · signed in {formatDateTime(session.createdAt)}
      </p>
    </div>
  );
}

/** What a session's Sign out button says to a screen reader: which session it ends. */
export function signOutLabel(session: SessionDetailsProps["session"]): string {
  return `Sign out ${describeUserAgent(session.userAgent)} at ${session.clientIp ?? "unknown address"}, last seen ${formatRelative(session.lastSeenAt)}`;
}
