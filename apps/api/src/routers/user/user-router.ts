import { router } from "../../trpc/init.js";
import { changePassword } from "./change-password.js";
import { me } from "./me.js";
import { secondFactorRouter } from "./second-factor.js";
import { sessionsRouter } from "./sessions.js";
import { update } from "./update.js";

export const userRouter = router({
  me,
  update,
  changePassword,
  sessions: sessionsRouter,
  secondFactor: secondFactorRouter,
});
