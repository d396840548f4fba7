import type { AppRouter } from "@pyroscope-auth/api/router";
import { createTRPCReact } from "@trpc/react-query";

/** Typed hooks for every API procedure. `AppRouter` is a type: no server code reaches the bundle. */
export const trpc = createTRPCReact<AppRouter>();
