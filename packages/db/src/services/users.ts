import type { EntityManager } from "@mikro-orm/core";
import {
  AuthError,
  checkPasswordIdentity,
  emailLook,
  isAuthError,
  looksReserved,
  nameLook,
  parseInput,
  type Role,
  roleSchema,
  userUpdateInputSchema,
  ValidationError,
} from "@pyroscope-auth/auth-core";
import { toUserDto, type UserDto, type UserListing } from "../dto.js";
import { User } from "../entities/user.entity.js";
import type { ServiceContext, ServiceDeps } from "../service-deps.js";
import { flagOf, ormRunner } from "../sql.js";
import { type UserRow, userDtoColumns, userOfRow } from "../user-row.js";
import { recordAudit } from "./audit.js";
import { hashQueueOwner } from "./client-network.js";
import { keepAnEnabledAdmin } from "./enabled-admin.js";
import { admitLookup } from "./login-throttle.js";
import { hasSecondFactor, hasSecondFactorColumn } from "./second-factor-state.js";
import { revokeUserSessions } from "./sessions.js";
import { throttledCheck } from "./throttled-check.js";
import { inTransaction } from "./transaction.js";

export async function findUser(em: EntityManager, id: number): Promise<User> {
  const user = await em.findOne(User, { id });
  if (!user) throw new AuthError("USER_NOT_FOUND");
  return user;
}

/**
 * findUser for a change that ends the user's sessions, with the user's row locked until the
 * commit where the engine has row locks: a sign-in checking the account (its own locked read,
 * see createSessionIfUnchanged) waits for the change and then sees it, or got there first and
 * its session is among those ended.
 */
export async function findUserToChange(
  deps: ServiceDeps,
  em: EntityManager,
  id: number,
): Promise<User> {
  if (deps.database.lockRows)
    await ormRunner(em).get(`select "id" from "users" where "id" = ?${deps.database.lockRows}`, [
      id,
    ]);
  return findUser(em, id);
}

export async function findUserByName(em: EntityManager, name: string): Promise<User> {
  const user = await em.findOne(User, { name });
  if (!user) throw new AuthError("USER_NOT_FOUND");
  return user;
}

async function assertNameUnused(em: EntityManager, name: string, exceptId?: number) {
  const taken = await em.findOne(User, { name }, { fields: ["id"] });
  if (taken && taken.id !== exceptId) throw new AuthError("USER_NAME_EXISTS");
}

/**
 * Name first, then email, as the original checks them. A name is also refused when it looks
 * like another's (DESIGN.md rule 11: the same confusable skeleton, as written or case-folded),
 * and an email when another's differs from it only in case. Only names and emails being given
 * are checked: accounts from before keep theirs.
 */
async function assertNameAndEmailFree(
  em: EntityManager,
  name: string | undefined,
  email: string | null | undefined,
  exceptId?: number,
) {
  const others = exceptId === undefined ? {} : { id: { $ne: exceptId } };
  if (name !== undefined) {
    await assertNameUnused(em, name, exceptId);
    if (looksReserved(name)) throw new AuthError("USER_NAME_RESERVED");
    const look = nameLook(name);
    const alike = await em.findOne(
      User,
      {
        $or: [{ nameSkeleton: look.skeleton }, { nameFoldedSkeleton: look.foldedSkeleton }],
        ...others,
      },
      { fields: ["id", "name"] },
    );
    // The very name, when its owner was added between the two reads.
    if (alike)
      throw new AuthError(alike.name === name ? "USER_NAME_EXISTS" : "USER_NAME_LOOKALIKE");
  }
  if (email) {
    const taken = await em.findOne(
      User,
      { $or: [{ email }, { emailFolded: emailLook(email) }], ...others },
      { fields: ["id"] },
    );
    if (taken) throw new AuthError("USER_EMAIL_EXISTS");
  }
}

/** The columns a name and an email are compared by (see assertNameAndEmailFree). */
function lookColumns(name: string, email: string | null) {
  const look = nameLook(name);
  return {
    nameSkeleton: look.skeleton,
    nameFoldedSkeleton: look.foldedSkeleton,
    emailFolded: email === null ? null : emailLook(email),
  };
}

/**
 * What only a person may do: a key acts for whoever made it, and taking over an account (its
 * password, its second factor, or its name for an account the key makes) or making an Admin
 * would let it outrank them (DESIGN.md rule 11).
 */
export function refuseApiKey(ctx: ServiceContext) {
  if (ctx.actor.kind === "api-key") throw new AuthError("PERSON_REQUIRED");
}

/** Self-protection: an admin cannot change its own role, disable, delete or reset itself. */
export function refuseSelf(ctx: ServiceContext, id: number) {
  if (ctx.actor.kind === "user" && ctx.actor.id === id) throw new AuthError("PERMISSION_DENIED");
}

/**
 * Reports a name conflict before an email conflict, as the original does, even when a race
 * trips the email index first. `exceptId` is the user being edited, whose own name is no conflict.
 * Only the very name: a look-alike was refused in the transaction, where the name is known to
 * be new (an edit may resend a name that already looked like another before the rule).
 */
export async function nameConflictFirst<T>(
  ctx: ServiceContext,
  name: string | undefined,
  work: () => Promise<T>,
  exceptId?: number,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAuthError(error) && error.code === "USER_EMAIL_EXISTS")
      if (name !== undefined) await assertNameUnused(ctx.em.fork(), name, exceptId);
    throw error;
  }
}

export interface NewUserFields {
  readonly name: string;
  readonly email?: string | undefined;
  readonly fullName?: string | undefined;
  readonly role: Role;
  readonly mustChangePassword?: boolean;
}

/** Adds a user to `em`'s unit of work, with its audit event. The hash is computed beforehand. */
export async function addUser(
  ctx: ServiceContext,
  em: EntityManager,
  fields: NewUserFields,
  passwordHash: string,
  action = "user.create",
): Promise<User> {
  // Again inside the transaction: no index makes a look-alike a conflict.
  await assertNameAndEmailFree(em, fields.name, fields.email);
  const now = ctx.deps.now();
  const user = em.create(User, {
    name: fields.name,
    email: fields.email ?? null,
    ...lookColumns(fields.name, fields.email ?? null),
    fullName: fields.fullName ?? null,
    passwordHash,
    role: fields.role,
    isDisabled: false,
    isExternal: false,
    mustChangePassword: fields.mustChangePassword ?? false,
    passwordChangedAt: now,
    lastSeenAt: null,
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(
    ctx,
    { action, outcome: "success", target: fields.name, detail: `role ${fields.role}` },
    em,
  );
  return user;
}

/**
 * Checks that name and email are free, then hashes the password, outside any transaction: a
 * 20 ms hash must not hold the database. The unique indexes still settle a race.
 */
export async function prepareNewUser(
  ctx: ServiceContext,
  fields: { name: string; email?: string | undefined; password: string },
): Promise<string> {
  await assertNameAndEmailFree(ctx.em, fields.name, fields.email);
  return ctx.deps.hasher.hash(fields.password, hashQueueOwner(ctx));
}

/**
 * Every user, oldest first (the contract pages nothing, as the original does). One plain select:
 * through the ORM's entities 10,000 users cost ~220 ms of the event loop.
 */
export async function listUsers(ctx: ServiceContext): Promise<UserListing[]> {
  const rows = await ormRunner(ctx.em).all<UserRow & { has_second_factor: unknown }>(
    `select ${userDtoColumns}, ${hasSecondFactorColumn} from users u order by u.id`,
    [],
  );
  return rows.map((row) => ({
    ...toUserDto(userOfRow(row)),
    hasSecondFactor: flagOf(row.has_second_factor),
  }));
}

export async function getUser(ctx: ServiceContext, id: number): Promise<UserListing> {
  const user = toUserDto(await findUser(ctx.em, id));
  return { ...user, hasSecondFactor: await hasSecondFactor(ctx.em, id) };
}

export async function createUser(ctx: ServiceContext, input: unknown): Promise<UserDto> {
  const fields = parseInput(ctx.deps.schemas.userCreateInputSchema, input);
  if (fields.role === "Admin") refuseApiKey(ctx);
  const passwordHash = await prepareNewUser(ctx, fields);
  const user = await nameConflictFirst(ctx, fields.name, () =>
    inTransaction(ctx, async (em) => addUser(ctx, em, fields, passwordHash)),
  );
  return toUserDto(user);
}

export async function updateUser(
  ctx: ServiceContext,
  id: number,
  input: unknown,
): Promise<UserDto> {
  const changes = parseInput(userUpdateInputSchema, input);
  const user = await nameConflictFirst(
    ctx,
    changes.name,
    () =>
      inTransaction(ctx, async (em) => {
        const user = await findUser(em, id);
        const newName = changes.name !== user.name ? changes.name : undefined;
        const newEmail = changes.email !== user.email ? changes.email : undefined;
        // A key that renames a person could hand the name to an account of its own making.
        if (newName !== undefined) refuseApiKey(ctx);
        await assertNameAndEmailFree(em, newName, newEmail, user.id);
        const changed: string[] = [];
        if (newName !== undefined) {
          // The old name too: events name users by name, and the trail must follow a rename.
          changed.push(`name ${user.name} -> ${newName}`);
          user.name = newName;
        }
        if (newEmail !== undefined) {
          user.email = newEmail;
          changed.push("email");
        }
        if (changed.length > 0) Object.assign(user, lookColumns(user.name, user.email ?? null));
        if (changes.fullName !== undefined && changes.fullName !== user.fullName) {
          user.fullName = changes.fullName;
          changed.push("fullName");
        }
        if (changed.length > 0) {
          user.updatedAt = ctx.deps.now();
          await recordAudit(
            ctx,
            {
              action: "user.update",
              outcome: "success",
              target: user.name,
              detail: changed.join(", "),
            },
            em,
          );
        }
        return user;
      }),
    id,
  );
  return toUserDto(user);
}

/** Whether a refusal says that a name or email belongs to someone (an existence oracle). */
export function isTakenConflict(error: unknown): boolean {
  return (
    isAuthError(error) &&
    (error.code === "USER_NAME_EXISTS" ||
      error.code === "USER_NAME_LOOKALIKE" ||
      error.code === "USER_EMAIL_EXISTS")
  );
}

/**
 * A person edits their own profile (`user.update`). Its "already exists" answers tell whether a
 * name or email is someone's, so they are throttled per account and address like failed logins
 * (see admitLookup); an admin's edits of others are not (admins list users anyway).
 */
export async function updateOwnProfile(
  ctx: ServiceContext,
  id: number,
  input: unknown,
): Promise<UserDto> {
  const lookup = await admitLookup(ctx, `user:${id}`, ctx.clientIp ?? "unknown");
  try {
    const user = await updateUser(ctx, id, input);
    await lookup.settle(false);
    return user;
  } catch (error) {
    await lookup.settle(isTakenConflict(error));
    throw error;
  }
}

/** A role change ends the user's sessions: they log in again with the new role. */
export async function setUserRole(
  ctx: ServiceContext,
  id: number,
  roleInput: unknown,
): Promise<UserDto> {
  const role = parseInput(roleSchema, roleInput);
  refuseSelf(ctx, id);
  if (role === "Admin") refuseApiKey(ctx);
  const user = await inTransaction(ctx, async (em) => {
    const user = await findUser(em, id);
    if (user.role === role) return user;
    await keepAnEnabledAdmin(ctx.deps, em, user);
    const now = ctx.deps.now();
    const previous = user.role;
    user.role = role;
    user.updatedAt = now;
    await revokeUserSessions(em, ctx.deps, user.id, now);
    await recordAudit(
      ctx,
      {
        action: "user.role.set",
        outcome: "success",
        target: user.name,
        detail: `${previous} -> ${role}`,
      },
      em,
    );
    return user;
  });
  return toUserDto(user);
}

export async function setUserDisabled(
  ctx: ServiceContext,
  id: number,
  disabled: boolean,
): Promise<UserDto> {
  refuseSelf(ctx, id);
  const user = await inTransaction(ctx, async (em) => {
    const user = await findUser(em, id);
    if (user.isDisabled === disabled) return user;
    if (disabled) await keepAnEnabledAdmin(ctx.deps, em, user);
    const now = ctx.deps.now();
    user.isDisabled = disabled;
    user.updatedAt = now;
    if (disabled) await revokeUserSessions(em, ctx.deps, user.id, now);
    await recordAudit(
      ctx,
      { action: disabled ? "user.disable" : "user.enable", outcome: "success", target: user.name },
      em,
    );
    return user;
  });
  return toUserDto(user);
}

/** Checks a new password for a known account (policy, then not its own name or email) and hashes it. */
async function hashNewPasswordFor(
  ctx: ServiceContext,
  user: User,
  password: unknown,
): Promise<string> {
  const valid = parseInput(ctx.deps.schemas.newPasswordSchema, password);
  const identity = checkPasswordIdentity(valid, user);
  if (identity) throw new ValidationError([identity.message]);
  return ctx.deps.hasher.hash(valid, hashQueueOwner(ctx));
}

function storePasswordHash(ctx: ServiceContext, user: User, passwordHash: string) {
  const now = ctx.deps.now();
  user.passwordHash = passwordHash;
  user.passwordChangedAt = now;
  user.updatedAt = now;
  user.mustChangePassword = false;
}

/**
 * An administrator (or the CLI) sets someone's password: every session of that user ends.
 * `enable` also re-enables a disabled account (the CLI's --enable).
 */
export async function setUserPassword(
  ctx: ServiceContext,
  id: number,
  password: unknown,
  options: { enable?: boolean } = {},
): Promise<UserDto> {
  refuseSelf(ctx, id);
  refuseApiKey(ctx);
  const passwordHash = await hashNewPasswordFor(ctx, await findUser(ctx.em, id), password);
  const user = await inTransaction(ctx, async (em) => {
    const user = await findUserToChange(ctx.deps, em, id);
    storePasswordHash(ctx, user, passwordHash);
    if (options.enable) user.isDisabled = false;
    await revokeUserSessions(em, ctx.deps, user.id, ctx.deps.now());
    const detail = options.enable ? "enabled" : undefined;
    await recordAudit(
      ctx,
      { action: "user.password.set", outcome: "success", target: user.name, detail },
      em,
    );
    return user;
  });
  return toUserDto(user);
}

/**
 * The user changes their own password, proving the old one. Guesses at the old password count
 * against the login throttle, so a stolen session cannot brute-force it. Other sessions end.
 */
export async function changeOwnPassword(
  ctx: ServiceContext,
  userId: number,
  input: unknown,
  currentSessionId?: string,
): Promise<void> {
  const { oldPassword, newPassword } = parseInput(
    ctx.deps.schemas.passwordChangeInputSchema,
    input,
  );
  const user = await findUser(ctx.em, userId);
  await throttledCheck(
    ctx,
    user.name,
    async () =>
      user.passwordHash !== "" &&
      ctx.deps.hasher.verify(user.passwordHash, oldPassword, hashQueueOwner(ctx)),
    { action: "user.password.change", detail: "wrong old password", code: "INVALID_PASSWORD" },
  );
  const passwordHash = await hashNewPasswordFor(ctx, user, newPassword);
  await inTransaction(ctx, async (em) => {
    const current = await findUserToChange(ctx.deps, em, userId);
    storePasswordHash(ctx, current, passwordHash);
    await revokeUserSessions(em, ctx.deps, current.id, ctx.deps.now(), currentSessionId);
    await recordAudit(
      ctx,
      { action: "user.password.change", outcome: "success", target: current.name },
      em,
    );
  });
}

export async function deleteUser(ctx: ServiceContext, id: number): Promise<void> {
  refuseSelf(ctx, id);
  await inTransaction(ctx, async (em) => {
    const user = await findUser(em, id);
    await keepAnEnabledAdmin(ctx.deps, em, user);
    em.remove(user);
    await recordAudit(ctx, { action: "user.delete", outcome: "success", target: user.name }, em);
  });
}
