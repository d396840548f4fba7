import { listSessions, revokeOtherSessions, revokeSession } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../trpc/context.js";
import { router } from "../../trpc/init.js";
import { userProcedure } from "../../trpc/procedures.js";
import { sessionOutputSchema } from "../outputs.js";
import { sessionIdSchema } from "../session-id.js";

const ownSession = userProcedure.meta({
  allowPendingPasswordChange: true,
  allowPendingSecondFactorSetUp: true,
});

/** One's own sessions: where and when, and ending them. */
export const sessionsRouter = router({
  list: ownSession
    .output(z.array(sessionOutputSchema))
    .query(({ ctx }) =>
      listSessions(serviceContext(ctx), ctx.principal.user.id, ctx.principal.session.id),
    ),

  revoke: ownSession
    .input(z.object({ id: sessionIdSchema }))
    .mutation(({ ctx, input }) =>
      revokeSession(serviceContext(ctx), ctx.principal.user.id, input.id),
    ),

  revokeOthers: ownSession.output(z.object({ revoked: z.number() })).mutation(async ({ ctx }) => ({
    revoked: await revokeOtherSessions(
      serviceContext(ctx),
      ctx.principal.user,
      ctx.principal.session.id,
    ),
  })),
});
