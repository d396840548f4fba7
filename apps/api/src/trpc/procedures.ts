import { baseProcedure } from "./init.js";
import { mapServiceErrors } from "./middleware/map-service-errors.js";
import { requireAdmin } from "./middleware/require-admin.js";
import { requireSession } from "./middleware/require-session.js";
import { requireUserSession } from "./middleware/require-user-session.js";
import { sameOriginMutations } from "./middleware/same-origin.js";

/** Anyone. Mutations must be same-origin JSON (CSRF, DESIGN.md rule 5). */
export const publicProcedure = baseProcedure.use(mapServiceErrors).use(sameOriginMutations);
/** A signed-in user (session cookie) or an API key. */
export const sessionProcedure = publicProcedure.use(requireSession);
/** A signed-in user only: the procedures about one's own account and sessions. */
export const userProcedure = publicProcedure.use(requireUserSession);
/** An Admin, signed in or by API key. */
export const adminProcedure = publicProcedure.use(requireAdmin);
