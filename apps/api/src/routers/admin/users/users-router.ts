import { router } from "../../../trpc/init.js";
import { create } from "./create.js";
import { deleteProcedure } from "./delete.js";
import { get } from "./get.js";
import { list } from "./list.js";
import { resetSecondFactor } from "./reset-second-factor.js";
import { userSessionsRouter } from "./sessions.js";
import { setDisabled } from "./set-disabled.js";
import { setPassword } from "./set-password.js";
import { setRole } from "./set-role.js";
import { update } from "./update.js";

export const usersRouter = router({
  list,
  get,
  create,
  update,
  setRole,
  setDisabled,
  setPassword,
  resetSecondFactor,
  delete: deleteProcedure,
  sessions: userSessionsRouter,
});
