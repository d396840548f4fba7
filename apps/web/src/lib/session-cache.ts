import type { QueryClient } from "@tanstack/react-query";

/**
 * Drops everything cached about the signed-in user (on login, logout and a lost session), so
 * that one person never sees another's data. The public server config stays.
 */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.removeQueries({
    predicate: (query) => JSON.stringify(query.queryKey[0]) !== '["auth","config"]',
  });
}
