import { router } from "../trpc/init.js";
import { adminRouter } from "./admin/admin-router.js";
import { authRouter } from "./auth/auth-router.js";
import { userRouter } from "./user/user-router.js";

export const appRouter = router({ auth: authRouter, user: userRouter, admin: adminRouter });

/** The client contract: apps/web imports this type only. */
export type AppRouter = typeof appRouter;
