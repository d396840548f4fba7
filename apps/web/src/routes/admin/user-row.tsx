import type { Role } from "@pyroscope-auth/auth-core/rules";
import { useId, useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { apiErrorMessages } from "../../lib/api-error";
import type { UserListing } from "../../lib/api-types";
import { formatDateTime, formatRelative } from "../../lib/format-time";
import { trpc } from "../../lib/trpc";
import { roleOptions } from "./role-options";
import { SetPasswordDialog } from "./set-password-dialog";
import { UserSessionsDialog } from "./user-sessions-dialog";

interface UserRowProps {
  readonly user: UserListing;
  /** The admin's own row: the server refuses role, disable, password and delete on oneself. */
  readonly isMe: boolean;
  readonly onStatus: (message: string) => void;
  /** After a delete: this row is gone, so the page decides where focus goes. */
  readonly onDeleted: () => void;
}

export function UserRow({ user, isMe, onStatus, onDeleted }: UserRowProps) {
  const utils = trpc.useUtils();
  const roleId = useId();
  const [role, setRole] = useState<Role>(user.role);
  const [dialog, setDialog] = useState<"sessions" | "password" | "second-factor" | "delete">();
  const refresh = () => void utils.admin.users.list.invalidate();

  const setUserRole = trpc.admin.users.setRole.useMutation({
    onSuccess: (updated) => {
      onStatus(`${updated.name} is now ${updated.role}. Their sessions were signed out.`);
      refresh();
    },
  });
  const setDisabled = trpc.admin.users.setDisabled.useMutation({
    onSuccess: (updated) => {
      onStatus(
        updated.isDisabled
          ? `${updated.name} is disabled and was signed out.`
          : `${updated.name} is enabled.`,
      );
      refresh();
    },
  });
  const remove = trpc.admin.users.delete.useMutation();
  const resetSecondFactor = trpc.admin.users.resetSecondFactor.useMutation();
  const failed = setUserRole.error ?? setDisabled.error;

  return (
    <tr className={user.isDisabled ? "row-disabled" : undefined}>
      <td data-label="User">
        <span className="user-name">{user.name}</span>
        {isMe ? <span className="badge">You</span> : null}
        {user.fullName ? <span className="muted block">{user.fullName}</span> : null}
        {user.email ? <span className="muted block">{user.email}</span> : null}
      </td>
      <td data-label="Role">
        {isMe ? (
          user.role
        ) : (
          <div className="inline-form">
            <label htmlFor={roleId} className="visually-hidden">
              Role of {user.name}
            </label>
            <select
              id={roleId}
              value={role}
              onChange={(event) => setRole(event.target.value as Role)}
            >
              {roleOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button-secondary"
              disabled={role === user.role || setUserRole.isPending}
              onClick={() => setUserRole.mutate({ id: user.id, role })}
            >
              Save role<span className="visually-hidden"> of {user.name}</span>
            </button>
          </div>
        )}
      </td>
      <td data-label="Status">
        {user.isDisabled ? "Disabled" : "Enabled"}
        {user.hasSecondFactor ? <span className="muted block">Two-factor on</span> : null}
      </td>
      <td data-label="Last seen">
        {user.lastSeenAt ? (
          <time dateTime={user.lastSeenAt} title={formatDateTime(user.lastSeenAt)}>
            {formatRelative(user.lastSeenAt)}
          </time>
        ) : (
          "never"
        )}
      </td>
      <td data-label="Actions">
        {isMe ? (
          <span className="muted">Your own account: change it in Settings.</span>
        ) : (
          <div className="row-actions">
            <button
              type="button"
              className="button-secondary"
              disabled={setDisabled.isPending}
              onClick={() => setDisabled.mutate({ id: user.id, disabled: !user.isDisabled })}
            >
              {user.isDisabled ? "Enable" : "Disable"}
              <span className="visually-hidden"> {user.name}</span>
            </button>
            <button
              type="button"
              className="button-secondary"
              onClick={() => setDialog("sessions")}
            >
              Sessions<span className="visually-hidden"> of {user.name}</span>
            </button>
            <button
              type="button"
              className="button-secondary"
              onClick={() => setDialog("password")}
            >
              Set password<span className="visually-hidden"> of {user.name}</span>
            </button>
            {user.hasSecondFactor ? (
              <button
                type="button"
                className="button-secondary"
                onClick={() => {
                  resetSecondFactor.reset();
                  setDialog("second-factor");
                }}
              >
                Reset two-factor<span className="visually-hidden"> of {user.name}</span>
              </button>
            ) : null}
            <button
              type="button"
              className="button-danger"
              onClick={() => {
                remove.reset();
                setDialog("delete");
              }}
            >
              Delete<span className="visually-hidden"> {user.name}</span>
            </button>
          </div>
        )}
        {failed ? (
          <p role="alert" className="field-error">
            {apiErrorMessages(failed).join(", ")}
          </p>
        ) : null}
        {dialog === "sessions" ? (
          <UserSessionsDialog
            user={user}
            onStatus={onStatus}
            onClosed={() => setDialog(undefined)}
          />
        ) : null}
        {dialog === "password" ? (
          <SetPasswordDialog
            user={user}
            onDone={() => onStatus(`Password of ${user.name} set. Their sessions were signed out.`)}
            onClosed={() => setDialog(undefined)}
          />
        ) : null}
        {dialog === "second-factor" ? (
          <ConfirmDialog
            title={`Reset two-factor authentication of ${user.name}?`}
            confirmLabel="Reset two-factor"
            pending={resetSecondFactor.isPending}
            errors={resetSecondFactor.error ? apiErrorMessages(resetSecondFactor.error) : []}
            onConfirm={(close) =>
              resetSecondFactor.mutate(
                { id: user.id },
                {
                  onSuccess: () => {
                    close();
                    onStatus(
                      `Two-factor authentication of ${user.name} removed. Their sessions were signed out.`,
                    );
                    refresh();
                  },
                },
              )
            }
            onClosed={() => setDialog(undefined)}
          >
            <p>
              Their next sign-in asks for the password alone, until they set up an app again. Their
              sessions end at once.
            </p>
          </ConfirmDialog>
        ) : null}
        {dialog === "delete" ? (
          <ConfirmDialog
            title={`Delete user ${user.name}?`}
            confirmLabel="Delete user"
            pending={remove.isPending}
            errors={remove.error ? apiErrorMessages(remove.error) : []}
            onConfirm={(close) =>
              remove.mutate(
                { id: user.id },
                {
                  onSuccess: () => {
                    close();
                    onStatus(`User ${user.name} deleted.`);
                    onDeleted();
                    refresh();
                  },
                },
              )
            }
            onClosed={() => setDialog(undefined)}
          >
            <p>The account and all its sessions end at once. This cannot be undone.</p>
          </ConfirmDialog>
        ) : null}
      </td>
    </tr>
  );
}
