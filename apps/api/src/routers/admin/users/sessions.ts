import { userIdSchema } from "@pyroscope-auth/auth-core";
import { endUserSession, endUserSessions, listUserSessions } from "@pyroscope-auth/db";
import { z } from "zod";
import { serviceContext } from "../../../trpc/context.js";
import { router } from "../../../trpc/init.js";
import { adminProcedure } from "../../../trpc/procedures.js";
import { sessionOutputSchema } from "../../outputs.js";
import { sessionIdSchema } from "../../session-id.js";

/** Any user's sessions: where and when, and ending one or all of them (the account stays). */
export const userSessionsRouter = router({
  list: adminProcedure
    .input(z.object({ id: userIdSchema }))
    .output(z.array(sessionOutputSchema))
    .query(({ ctx, input }) =>
      listUserSessions(
        serviceContext(ctx),
        input.id,
        ctx.principal.kind === "user" ? ctx.principal.session.id : undefined,
      ),
    ),

  revoke: adminProcedure
    .input(z.object({ id: userIdSchema, sessionId: sessionIdSchema }))
    .mutation(({ ctx, input }) => endUserSession(serviceContext(ctx), input.id, input.sessionId)),

  revokeAll: adminProcedure
    .input(z.object({ id: userIdSchema }))
    .output(z.object({ revoked: z.number() }))
    .mutation(async ({ ctx, input }) => ({
      revoked: await endUserSessions(serviceContext(ctx), input.id),
    })),
});
