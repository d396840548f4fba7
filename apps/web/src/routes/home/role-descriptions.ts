import type { Role } from "@pyroscope-auth/auth-core/rules";

/** What each role may do, in the words of the home page. */
export const roleDescriptions: Record<Role, string> = {
  Admin: "You can view profiling data and manage users and API keys.",
  ReadOnly: "You can view profiling data.",
  Agent: "This account can send profiling data.",
};
