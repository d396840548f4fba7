import type { Role } from "@pyroscope-auth/auth-core";
import type { UserDto } from "./dto.js";

/** The user columns a DTO needs (never the hash), for raw selects aliased `u`. */
export const userDtoColumns = `u.id as user_id, u.name, u.email, u.full_name, u.role, u.is_disabled, u.is_external,
  u.must_change_password, u.password_changed_at, u.last_seen_at as user_last_seen_at,
  u.created_at as user_created_at, u.updated_at as user_updated_at`;

export interface UserRow {
  user_id: number;
  name: string;
  email: string | null;
  full_name: string | null;
  role: Role;
  is_disabled: number;
  is_external: number;
  must_change_password: number;
  password_changed_at: number;
  user_last_seen_at: number | null;
  user_created_at: number;
  user_updated_at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function userRowToDto(row: UserRow): UserDto {
  return {
    id: row.user_id,
    name: row.name,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    isDisabled: row.is_disabled !== 0,
    isExternal: row.is_external !== 0,
    mustChangePassword: row.must_change_password !== 0,
    passwordChangedAt: iso(row.password_changed_at),
    lastSeenAt: row.user_last_seen_at === null ? null : iso(row.user_last_seen_at),
    createdAt: iso(row.user_created_at),
    updatedAt: iso(row.user_updated_at),
  };
}
