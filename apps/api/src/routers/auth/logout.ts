import { sha256Hex } from "@pyroscope-auth/auth-core";
import { logOut } from "@pyroscope-auth/db";
import { clearSessionCookie } from "../../identity/session-cookie.js";
import { serviceContext } from "../../trpc/context.js";
import { userProcedure } from "../../trpc/procedures.js";

/** Ends this session in the database (the token stops working at once) and clears the cookie. */
export const logout = userProcedure
  .meta({ allowPendingPasswordChange: true, allowPendingSecondFactorSetUp: true })
  .mutation(async ({ ctx }) => {
    await logOut(serviceContext(ctx), sha256Hex(ctx.principal.sessionToken));
    clearSessionCookie(ctx.http, ctx.services.config);
  });
