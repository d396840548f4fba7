import type { Role } from "@pyroscope-auth/auth-core";
import type { UserFields } from "./dto.js";
import { flagOf, msOf, optionalMsOf } from "./sql.js";

/** The user columns a DTO needs (never the hash), for plain selects aliased `u`. */
export const userDtoColumns = `u.id as user_id, u.name, u.email, u.full_name, u.role, u.is_disabled, u.is_external,
  u.must_change_password, u.password_changed_at, u.last_seen_at as user_last_seen_at,
  u.created_at as user_created_at, u.updated_at as user_updated_at`;

/** What userDtoColumns select, as the engine's driver returns it (see msOf and flagOf). */
export interface UserRow {
  user_id: number;
  name: string;
  email: string | null;
  full_name: string | null;
  role: Role;
  is_disabled: unknown;
  is_external: unknown;
  must_change_password: unknown;
  password_changed_at: unknown;
  user_last_seen_at: unknown;
  user_created_at: unknown;
  user_updated_at: unknown;
}

/** The user a row of userDtoColumns holds, for toUserDto. */
export function userOfRow(row: UserRow): UserFields {
  const lastSeen = optionalMsOf(row.user_last_seen_at);
  return {
    id: row.user_id,
    name: row.name,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    isDisabled: flagOf(row.is_disabled),
    isExternal: flagOf(row.is_external),
    mustChangePassword: flagOf(row.must_change_password),
    passwordChangedAt: new Date(msOf(row.password_changed_at)),
    lastSeenAt: lastSeen === null ? null : new Date(lastSeen),
    createdAt: new Date(msOf(row.user_created_at)),
    updatedAt: new Date(msOf(row.user_updated_at)),
  };
}
