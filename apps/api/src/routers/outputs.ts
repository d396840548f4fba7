import { roles } from "@pyroscope-auth/auth-core";
import { z } from "zod";

// Output schemas: what leaves the API is exactly these fields. Zod strips anything else, so a
// hash or secret added to a DTO by mistake would never reach a client (STYLE.md rule 9).

const isoDate = z.string();

export const userOutputSchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  fullName: z.string().nullable(),
  role: z.enum(roles),
  isDisabled: z.boolean(),
  isExternal: z.boolean(),
  mustChangePassword: z.boolean(),
  passwordChangedAt: isoDate,
  lastSeenAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

/** A user in an admin's list: with whether their sign-in asks for a second factor. */
export const userListingOutputSchema = userOutputSchema.extend({ hasSecondFactor: z.boolean() });

/** user.me: the caller, a person (`user`) or an API key (`api-key`, its id negative). */
export const callerOutputSchema = userOutputSchema.extend({
  kind: z.enum(["user", "api-key"]),
  /** An authenticator app must be set up before anything else (auth.internal.totp.required-roles). */
  mustSetUpSecondFactor: z.boolean(),
});

export const sessionOutputSchema = z.object({
  id: z.string(),
  createdAt: isoDate,
  lastSeenAt: isoDate,
  expiresAt: isoDate.nullable(),
  clientIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

export const apiKeyOutputSchema = z.object({
  id: z.number(),
  name: z.string(),
  role: z.enum(roles),
  expiresAt: isoDate.nullable(),
  lastSeenAt: isoDate.nullable(),
  createdAt: isoDate,
  /** Who made it: a user's name, `api-key:<name>`, `cli`. */
  createdBy: z.string(),
});
