import { router } from "../../trpc/init.js";
import { apiKeysRouter } from "./api-keys/api-keys-router.js";
import { usersRouter } from "./users/users-router.js";

export const adminRouter = router({ users: usersRouter, apiKeys: apiKeysRouter });
