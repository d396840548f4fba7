import { sessionProcedure } from "../../trpc/procedures.js";
import { userOutputSchema } from "../outputs.js";

/**
 * The caller, as a user object. An API key is shown as a user of its name and role, marked
 * external (it has no password and no account of its own).
 */
export const me = sessionProcedure
  .meta({ allowPendingPasswordChange: true })
  .output(userOutputSchema)
  .query(({ ctx }) => {
    const { principal } = ctx;
    if (principal.kind === "user") return principal.user;
    const { apiKey } = principal;
    return {
      id: apiKey.id,
      name: apiKey.name,
      email: null,
      fullName: null,
      role: apiKey.role,
      isDisabled: false,
      isExternal: true,
      mustChangePassword: false,
      passwordChangedAt: apiKey.createdAt,
      lastSeenAt: apiKey.lastSeenAt,
      createdAt: apiKey.createdAt,
      updatedAt: apiKey.createdAt,
    };
  });
