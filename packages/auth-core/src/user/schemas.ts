import { z } from "zod";
import { type AuthErrorCode, authMessages, type RuleViolation } from "../errors.js";
import {
  checkPassword,
  checkPasswordIdentity,
  maxFieldBytes,
  type PasswordPolicy,
} from "../password/policy.js";
import { parseRole, type Role } from "./roles.js";
import { utf8Length } from "./utf8-length.js";
import {
  checkApiKeyName,
  checkEmail,
  checkFullName,
  checkNewUserName,
  checkUserName,
  normalizeUserName,
} from "./validate-user.js";

/** Longest API-key lifetime: ten years. */
export const maxApiKeyTtlSeconds = 315_360_000;

type Check = (value: string) => RuleViolation | undefined;

function addViolation(ctx: z.RefinementCtx, found: RuleViolation | undefined, path?: string[]) {
  if (found) {
    ctx.addIssue({ code: "custom", path, message: found.message, params: { code: found.code } });
  }
}

/** A string field checked by one rule function, so that it reports at most one message. */
function checkedString(typeCode: AuthErrorCode, check: Check) {
  return z
    .string({ error: authMessages[typeCode] })
    .superRefine((value, ctx) => addViolation(ctx, check(value)));
}

/** A name, normalised first (see normalizeUserName) so that the rules judge what is stored. */
function checkedName(check: Check) {
  return z
    .string({ error: authMessages.USER_NAME_EMPTY })
    .transform(normalizeUserName)
    .superRefine((value, ctx) => addViolation(ctx, check(value)));
}

const nameSchema = checkedName(checkUserName);
const newNameSchema = checkedName(checkNewUserName);
const fullNameSchema = checkedString("USER_FULL_NAME_TOO_LONG", checkFullName);
const emailSchema = checkedString("USER_EMAIL_INVALID", checkEmail);

/** An empty email field means "no email", as an optional form input would send it. */
const optionalEmailSchema = z.preprocess(
  (value) => (value === "" || value === null ? undefined : value),
  emailSchema.optional(),
);
/** On update, "" or null removes the email; absent leaves it alone. */
const updateEmailSchema = z.preprocess(
  (value) => (value === "" ? null : value),
  emailSchema.nullable().optional(),
);

export const roleSchema = z
  .string({ error: authMessages.ROLE_UNKNOWN })
  .transform((value, ctx): Role => {
    const role = parseRole(value);
    if (role) return role;
    ctx.addIssue({
      code: "custom",
      message: authMessages.ROLE_UNKNOWN,
      params: { code: "ROLE_UNKNOWN" },
    });
    return z.NEVER;
  });

export const userIdSchema = z.number({ error: authMessages.USER_NOT_FOUND }).int().positive();
export const apiKeyIdSchema = z.number({ error: authMessages.API_KEY_NOT_FOUND }).int().positive();

/**
 * Sign-in only needs presence: the rules of the day must not lock out older passwords. A name
 * longer than any account can have is refused before it becomes a throttle key or audit target.
 */
export const loginInputSchema = z.object({
  username: z
    .string({ error: authMessages.USER_NAME_EMPTY })
    .min(1, authMessages.USER_NAME_EMPTY)
    .refine((name) => utf8Length(name) <= maxFieldBytes, authMessages.USER_NAME_TOO_LONG),
  password: z
    .string({ error: authMessages.USER_PASSWORD_EMPTY })
    .min(1, authMessages.USER_PASSWORD_EMPTY),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

/** A code of one's second factor: from the authenticator app, or a recovery code. */
const secondFactorCodeSchema = z
  .string({ error: authMessages.SECOND_FACTOR_EMPTY })
  .min(1, authMessages.SECOND_FACTOR_EMPTY)
  .max(64, authMessages.SECOND_FACTOR_INVALID);

/** A sign-in's second step: its challenge and a code. */
export const secondStepInputSchema = z.object({
  challenge: z
    .string({ error: authMessages.SECOND_FACTOR_EXPIRED })
    .min(1, authMessages.SECOND_FACTOR_EXPIRED)
    .max(64, authMessages.SECOND_FACTOR_EXPIRED),
  code: secondFactorCodeSchema,
});

/** The authenticator app's first code, which turns the second factor on. */
export const totpConfirmInputSchema = z.object({ code: secondFactorCodeSchema });

/** Turning one's second factor off: a code and the password. */
export const secondFactorDisableInputSchema = z.object({
  password: z
    .string({ error: authMessages.INVALID_PASSWORD })
    .min(1, authMessages.INVALID_PASSWORD),
  code: secondFactorCodeSchema,
});
export type SecondFactorDisableInput = z.infer<typeof secondFactorDisableInputSchema>;

export const userUpdateInputSchema = z.object({
  name: nameSchema.optional(),
  email: updateEmailSchema,
  fullName: fullNameSchema.nullable().optional(),
});
export type UserUpdateInput = z.infer<typeof userUpdateInputSchema>;

export const apiKeyCreateInputSchema = z.object({
  name: checkedString("API_KEY_NAME_EMPTY", checkApiKeyName),
  role: roleSchema,
  ttlSeconds: z
    .number({ error: authMessages.API_KEY_TTL_INVALID })
    .int(authMessages.API_KEY_TTL_INVALID)
    .min(1, authMessages.API_KEY_TTL_INVALID)
    .max(maxApiKeyTtlSeconds, authMessages.API_KEY_TTL_INVALID)
    .optional(),
});
export type ApiKeyCreateInput = z.infer<typeof apiKeyCreateInputSchema>;

/**
 * The schemas that involve a new password depend on the configured policy, so they are built
 * from it. API, CLI and web all call this: the messages a form shows are the server's.
 */
export function createUserSchemas(policy: PasswordPolicy) {
  /** The password alone; callers that know the account also run checkPasswordIdentity. */
  const newPasswordSchema = checkedString("USER_PASSWORD_EMPTY", (password) =>
    checkPassword(password, policy),
  );

  // Field rules run in the original's order (name, email, full name, password, role) and all
  // report together; only the password-vs-identity rule needs siblings, so it runs last.
  function refuseIdentityPassword(
    input: { name: string; email?: string | undefined; password: string },
    ctx: z.RefinementCtx,
  ) {
    // One message per field: the identity rule speaks only once the policy is satisfied.
    if (checkPassword(input.password, policy)) return;
    addViolation(ctx, checkPasswordIdentity(input.password, input), ["password"]);
  }

  const newAccountFields = z.object({
    name: newNameSchema,
    email: optionalEmailSchema,
    fullName: fullNameSchema.optional(),
    password: newPasswordSchema,
  });
  const signupInputSchema = newAccountFields.superRefine(refuseIdentityPassword);
  const userCreateInputSchema = newAccountFields
    .extend({ role: roleSchema })
    .superRefine(refuseIdentityPassword);

  const passwordChangeInputSchema = z.object({
    oldPassword: z
      .string({ error: authMessages.INVALID_PASSWORD })
      .min(1, authMessages.INVALID_PASSWORD),
    newPassword: newPasswordSchema,
  });

  return {
    signupInputSchema,
    userCreateInputSchema,
    newPasswordSchema,
    passwordChangeInputSchema,
  };
}

export type UserSchemas = ReturnType<typeof createUserSchemas>;
export type SignupInput = z.infer<UserSchemas["signupInputSchema"]>;
export type UserCreateInput = z.infer<UserSchemas["userCreateInputSchema"]>;
export type PasswordChangeInput = z.infer<UserSchemas["passwordChangeInputSchema"]>;
