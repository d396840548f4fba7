import type { Role } from "@pyroscope-auth/auth-core";
import type { ApiKey } from "./entities/api-key.entity.js";
import type { AuditEvent } from "./entities/audit-event.entity.js";
import type { Session } from "./entities/session.entity.js";
import type { User } from "./entities/user.entity.js";

// What leaves the database layer: plain JSON-safe objects, dates as ISO strings, and no
// password hash, session id or key secret, whatever the entity holds.

export interface UserDto {
  id: number;
  name: string;
  email: string | null;
  fullName: string | null;
  role: Role;
  isDisabled: boolean;
  isExternal: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: string;
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** A user as an admin's list shows it: with whether the sign-in asks for a second factor. */
export interface UserListing extends UserDto {
  hasSecondFactor: boolean;
}

/** What a user DTO is made of: a User entity, or a row decoded by userOfRow. */
export type UserFields = Pick<
  User,
  | "id"
  | "name"
  | "role"
  | "isDisabled"
  | "isExternal"
  | "mustChangePassword"
  | "passwordChangedAt"
  | "createdAt"
  | "updatedAt"
> & {
  readonly email?: string | null | undefined;
  readonly fullName?: string | null | undefined;
  readonly lastSeenAt?: Date | null | undefined;
};

/** The one mapping of a user to what leaves the database layer. */
export function toUserDto(user: UserFields): UserDto {
  return {
    id: user.id,
    name: user.name,
    email: user.email ?? null,
    fullName: user.fullName ?? null,
    role: user.role,
    isDisabled: user.isDisabled,
    isExternal: user.isExternal,
    mustChangePassword: user.mustChangePassword,
    passwordChangedAt: user.passwordChangedAt.toISOString(),
    lastSeenAt: iso(user.lastSeenAt),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export interface SessionDto {
  /** The stored digest: names the session without being usable as one. */
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string | null;
  clientIp: string | null;
  userAgent: string | null;
  current: boolean;
}

export function toSessionDto(session: Session, currentId?: string): SessionDto {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: iso(session.expiresAt),
    clientIp: session.clientIp ?? null,
    userAgent: session.userAgent ?? null,
    current: session.id === currentId,
  };
}

export interface ApiKeyDto {
  id: number;
  name: string;
  role: Role;
  expiresAt: string | null;
  lastSeenAt: string | null;
  createdAt: string;
  /** Who made it: a user's name, `api-key:<name>`, `cli`. */
  createdBy: string;
}

export function toApiKeyDto(key: ApiKey): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    expiresAt: iso(key.expiresAt),
    lastSeenAt: iso(key.lastSeenAt),
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
  };
}

export interface AuditEventDto {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  clientIp: string | null;
  outcome: AuditEvent["outcome"];
  detail: string | null;
}

export function toAuditEventDto(event: AuditEvent): AuditEventDto {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    target: event.target ?? null,
    clientIp: event.clientIp ?? null,
    outcome: event.outcome,
    detail: event.detail ?? null,
  };
}
