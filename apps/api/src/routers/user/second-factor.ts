import { secondFactorDisableInputSchema, totpConfirmInputSchema } from "@pyroscope-auth/auth-core";
import {
  beginTotp,
  confirmTotp,
  disableSecondFactor,
  secondFactorStatus,
} from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../trpc/context.js";
import { router } from "../../trpc/init.js";
import { userProcedure } from "../../trpc/procedures.js";

/** One's own second factor: an authenticator app (TOTP) and recovery codes. */
export const secondFactorRouter = router({
  status: userProcedure
    .meta({ allowPendingSecondFactorSetUp: true })
    .output(
      z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number(), required: z.boolean() }),
    )
    .query(({ ctx }) => secondFactorStatus(serviceContext(ctx), ctx.principal.user)),

  /** A new secret for the app, as text and as an otpauth URI for a QR code: shown once. */
  begin: userProcedure
    .meta({ allowPendingSecondFactorSetUp: true })
    .output(z.object({ secret: z.string(), uri: z.string() }))
    .mutation(({ ctx }) => beginTotp(serviceContext(ctx), ctx.principal.user)),

  /** The app's first code turns it on; the recovery codes are in the answer, and only there. */
  confirm: userProcedure
    .meta({ allowPendingSecondFactorSetUp: true })
    .input(totpConfirmInputSchema)
    .output(z.object({ recoveryCodes: z.array(z.string()) }))
    .mutation(({ ctx, input }) => confirmTotp(serviceContext(ctx), ctx.principal.user, input.code)),

  disable: userProcedure
    .input(secondFactorDisableInputSchema)
    .mutation(({ ctx, input }) =>
      disableSecondFactor(serviceContext(ctx), ctx.principal.user, input),
    ),
});
