import type { PasswordChangeInput } from "@pyroscope-auth/auth-core";
import { changeOwnPassword } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../trpc/context.js";
import { userProcedure } from "../../trpc/procedures.js";

/**
 * Changes one's own password with the old one; every other session ends, this one stays. The
 * service checks the input against the configured policy.
 */
export const changePassword = userProcedure
  .meta({ allowPendingPasswordChange: true, allowPendingSecondFactorSetUp: true })
  .input(z.custom<PasswordChangeInput>())
  .mutation(async ({ ctx, input }) => {
    await changeOwnPassword(
      serviceContext(ctx),
      ctx.principal.user.id,
      input,
      ctx.principal.session.id,
    );
  });
