import type { AppRouter } from "@pyroscope-auth/api/router";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;

/** An admin's list entry: a user, with whether their sign-in asks for a second factor. */
export type UserListing = Outputs["admin"]["users"]["list"][number];
export type User = Omit<UserListing, "hasSecondFactor">;
/** The signed-in caller (user.me): with whether a second factor must be set up first. */
export type Caller = Outputs["user"]["me"];
export type Session = Outputs["user"]["sessions"]["list"][number];
export type ApiKey = Outputs["admin"]["apiKeys"]["list"][number];
