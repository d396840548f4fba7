import { router } from "../../trpc/init.js";
import { completeSignIn } from "./complete-sign-in.js";
import { config } from "./config.js";
import { login } from "./login.js";
import { logout } from "./logout.js";
import { session } from "./session.js";
import { signup } from "./signup.js";

export const authRouter = router({ config, session, login, completeSignIn, signup, logout });
