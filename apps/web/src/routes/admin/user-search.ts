import type { User } from "../../lib/api-types";

/** Users whose name, full name or email contain the query, ignoring case. */
export function searchUsers<U extends User>(users: readonly U[], query: string): U[] {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return [...users];
  return users.filter((user) =>
    [user.name, user.fullName, user.email].some((value) => value?.toLowerCase().includes(wanted)),
  );
}
