import type { Role } from "@pyroscope-auth/auth-core";
import type { Actor, ApiKeyDto, UserDto, ValidSession } from "@pyroscope-auth/db";
import { headerValue } from "../http/header-value.js";

/** Who is calling: a person with a session cookie, or an API key. */
export type Principal =
  | {
      readonly kind: "user";
      readonly user: UserDto;
      readonly session: ValidSession;
      readonly sessionToken: string;
      /** Their role requires a second factor they have not set up (see mustSetUpSecondFactor). */
      readonly mustSetUpSecondFactor: boolean;
    }
  | { readonly kind: "api-key"; readonly apiKey: ApiKeyDto };

export function principalRole(principal: Principal): Role {
  return principal.kind === "user" ? principal.user.role : principal.apiKey.role;
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === "user"
    ? { kind: "user", id: principal.user.id, name: principal.user.name, role: principal.user.role }
    : {
        kind: "api-key",
        id: principal.apiKey.id,
        name: principal.apiKey.name,
        role: principal.apiKey.role,
      };
}

/**
 * Who is calling, as `user.me` shows it: a user object, which kind of caller it is, and whether
 * a second factor must be set up before anything else.
 */
export type Caller = UserDto & {
  readonly kind: Principal["kind"];
  readonly mustSetUpSecondFactor: boolean;
};

/**
 * The caller as a user object, with its kind. An API key is shown as a user of its name and
 * role, marked external (it has no password and no account of its own), whose id is minus the
 * key's: a key's identity never reads as a person's, whose ids are positive.
 */
export function principalUser(principal: Principal): Caller {
  if (principal.kind === "user")
    return {
      ...principal.user,
      kind: "user",
      mustSetUpSecondFactor: principal.mustSetUpSecondFactor,
    };
  const { apiKey } = principal;
  return {
    kind: "api-key",
    id: -apiKey.id,
    name: apiKey.name,
    email: null,
    fullName: null,
    role: apiKey.role,
    isDisabled: false,
    isExternal: true,
    mustChangePassword: false,
    mustSetUpSecondFactor: false,
    passwordChangedAt: apiKey.createdAt,
    lastSeenAt: apiKey.lastSeenAt,
    createdAt: apiKey.createdAt,
    updatedAt: apiKey.createdAt,
  };
}

/**
 * The caller as the gateway names it to the upstream (`X-Auth-Request-User/-Email/-Groups`): a
 * person by name, an API key as `api-key:<name>` so that it never reads as a person's name; each
 * value fit for a header (see headerValue).
 */
export function principalIdentity(principal: Principal): {
  readonly user: string;
  readonly email: string | null;
  readonly groups: string;
} {
  const { user, email, groups } =
    principal.kind === "user"
      ? { user: principal.user.name, email: principal.user.email, groups: principal.user.role }
      : { user: `api-key:${principal.apiKey.name}`, email: null, groups: principal.apiKey.role };
  return { user: headerValue(user), email: email === null ? null : headerValue(email), groups };
}
