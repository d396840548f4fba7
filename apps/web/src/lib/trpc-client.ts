import { httpBatchLink } from "@trpc/client";
import { appBase } from "./return-target";
import { trpc } from "./trpc";

/**
 * Same-origin calls to /auth/trpc: the session cookie goes along by default, and mutations are JSON
 * POSTs, which is what the API's CSRF check asks for. The batch size matches the server's limit.
 */
export function createTrpcClient() {
  return trpc.createClient({
    links: [httpBatchLink({ url: `${appBase}/trpc`, maxItems: 10 })],
  });
}
