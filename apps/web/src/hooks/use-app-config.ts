import { trpc } from "../lib/trpc";

/** What the server allows (sign-up, password length); fixed while it runs, so fetched once. */
export function useAppConfig() {
  return trpc.auth.config.useQuery(undefined, { staleTime: Number.POSITIVE_INFINITY });
}
