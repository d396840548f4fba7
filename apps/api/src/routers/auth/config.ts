import { z } from "zod";
import { publicProcedure } from "../../trpc/procedures.js";

/** What the login page needs to know before anyone signs in. */
export const config = publicProcedure
  .output(
    z.object({
      internalEnabled: z.boolean(),
      signupEnabled: z.boolean(),
      authRequired: z.boolean(),
      passwordMinLength: z.number(),
      /** A Pyroscope server stands behind this one: after signing in, people land on its UI. */
      gatewayEnabled: z.boolean(),
      /** People may set up an authenticator app (auth.internal.totp.enabled). */
      totpEnabled: z.boolean(),
    }),
  )
  .query(({ ctx }) => {
    const config = ctx.services.config;
    const internalEnabled = config["auth.internal.enabled"];
    return {
      internalEnabled,
      signupEnabled: internalEnabled && config["auth.internal.signup-enabled"],
      // Internal auth is the only provider here: without it the API is open, as in the original.
      authRequired: internalEnabled,
      passwordMinLength: config["auth.internal.password-min-length"],
      gatewayEnabled: config["gateway.upstream-url"] !== "",
      totpEnabled: internalEnabled && config["auth.internal.totp.enabled"],
    };
  });
