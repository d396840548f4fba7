import { AuthError, loginInputSchema, parseInput } from "@pyroscope-auth/auth-core";
import type { User } from "../entities/user.entity.js";
import { User as UserEntity } from "../entities/user.entity.js";
import type { ServiceContext } from "../service-deps.js";
import { recordAudit, recordAuditNow } from "./audit.js";
import { admitLoginAttempt } from "./login-throttle.js";
import { createSession, type NewSession } from "./sessions.js";
import { addUser, findUser, inTransaction, nameConflictFirst, prepareNewUser } from "./users.js";

export interface SignedIn {
  readonly user: User;
  readonly session: NewSession;
}

function requireInternalAuth(ctx: ServiceContext) {
  if (!ctx.deps.config["auth.internal.enabled"]) throw new AuthError("INTERNAL_AUTH_DISABLED");
}

function asUser(ctx: ServiceContext, user: User): ServiceContext {
  return { ...ctx, actor: { kind: "user", id: user.id, name: user.name, role: user.role } };
}

/**
 * Checks a name and password and opens a session (DESIGN.md security rules 1-3). Unknown
 * name and wrong password take the same time and give the same answer; `user disabled` is
 * told only to someone who knows the password.
 */
export async function logIn(ctx: ServiceContext, input: unknown): Promise<SignedIn> {
  requireInternalAuth(ctx);
  const { username, password } = parseInput(loginInputSchema, input);
  const attempt = await admitLoginAttempt(ctx, username, ctx.clientIp ?? "unknown");
  const user = await ctx.em.findOne(UserEntity, { name: username });
  const hash = user && !user.isExternal ? user.passwordHash : null;
  const matches = hash
    ? await ctx.deps.hasher.verify(hash, password)
    : await ctx.deps.hasher.dummyVerify(password);
  if (!user || !hash || !matches) {
    const detail = user ? "wrong password" : "unknown user";
    await recordAuditNow(ctx, {
      action: "login.failure",
      outcome: "failure",
      target: username,
      detail,
    });
    throw new AuthError("INVALID_CREDENTIALS");
  }
  await attempt.succeeded();
  if (user.isDisabled) {
    await recordAuditNow(ctx, {
      action: "login.failure",
      outcome: "denied",
      target: username,
      detail: "user disabled",
    });
    throw new AuthError("USER_DISABLED");
  }
  const rehash = ctx.deps.hasher.needsRehash(hash)
    ? await ctx.deps.hasher.hash(password)
    : undefined;
  const as = asUser(ctx, user);
  return inTransaction(ctx, async (em) => {
    const current = await findUser(em, user.id);
    if (rehash) current.passwordHash = rehash;
    current.lastSeenAt = ctx.deps.now();
    const session = await createSession(as, current, em);
    recordAudit(
      as,
      {
        action: "login.success",
        outcome: "success",
        target: current.name,
        detail: rehash ? "rehashed" : undefined,
      },
      em,
    );
    return { user: current, session };
  });
}

/** Self sign-up, when enabled: the role is `auth.signup-default-role`, and the user is signed in. */
export async function signUp(ctx: ServiceContext, input: unknown): Promise<SignedIn> {
  requireInternalAuth(ctx);
  if (!ctx.deps.config["auth.internal.signup-enabled"]) throw new AuthError("SIGNUP_DISABLED");
  const fields = parseInput(ctx.deps.schemas.signupInputSchema, input);
  const passwordHash = await prepareNewUser(ctx, fields);
  const role = ctx.deps.config["auth.signup-default-role"];
  return nameConflictFirst(ctx, fields.name, () =>
    inTransaction(ctx, async (em) => {
      const user = addUser(ctx, em, { ...fields, role }, passwordHash, "user.signup");
      await em.flush();
      const session = await createSession(asUser(ctx, user), user, em);
      return { user, session };
    }),
  );
}
