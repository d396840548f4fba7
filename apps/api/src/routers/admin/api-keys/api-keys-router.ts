import { router } from "../../../trpc/init.js";
import { create } from "./create.js";
import { deleteProcedure } from "./delete.js";
import { list } from "./list.js";

export const apiKeysRouter = router({ list, create, delete: deleteProcedure });
