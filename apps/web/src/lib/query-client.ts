import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isTransient } from "./api-error";

/**
 * Every failed call goes through `onApiError` (session lost → /login, password change pending →
 * /change-password). A refusal is final: only a call that got no answer is retried.
 */
export function createQueryClient(onApiError: (error: unknown) => void): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onApiError }),
    mutationCache: new MutationCache({ onError: onApiError }),
    defaultOptions: {
      // Data is stale at once (the default): opening a page shows what the server has now.
      queries: { retry: (failures, error) => failures < 2 && isTransient(error) },
      mutations: { retry: false },
    },
  });
}
