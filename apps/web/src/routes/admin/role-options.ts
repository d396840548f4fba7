import { roles } from "@pyroscope-auth/auth-core/rules";

/** The roles, as options of a select. */
export const roleOptions = roles.map((role) => ({ value: role, label: role }));
