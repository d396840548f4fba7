import type { AppRouter } from "@pyroscope-auth/api/router";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;

export type User = Outputs["admin"]["users"]["list"][number];
export type Session = Outputs["user"]["sessions"]["list"][number];
export type ApiKey = Outputs["admin"]["apiKeys"]["list"][number];
