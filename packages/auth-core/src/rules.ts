// Browser-safe entry: the rules that forms check before submitting. No Node built-ins here.
export {
  AuthError,
  type AuthErrorCode,
  authMessages,
  isAuthError,
  type RuleViolation,
  ValidationError,
} from "./errors.js";
export {
  checkNewPassword,
  checkPassword,
  checkPasswordIdentity,
  maxFieldBytes,
  normalizePassword,
  type PasswordOwner,
  type PasswordPolicy,
} from "./password/policy.js";
export { parseInput } from "./user/parse-input.js";
export { parseRole, type Role, roles } from "./user/roles.js";
export {
  type ApiKeyCreateInput,
  apiKeyCreateInputSchema,
  apiKeyIdSchema,
  createUserSchemas,
  type LoginInput,
  loginInputSchema,
  maxApiKeyTtlSeconds,
  type PasswordChangeInput,
  roleSchema,
  type SecondFactorDisableInput,
  type SignupInput,
  secondFactorDisableInputSchema,
  secondStepInputSchema,
  totpConfirmInputSchema,
  type UserCreateInput,
  type UserSchemas,
  type UserUpdateInput,
  userIdSchema,
  userUpdateInputSchema,
} from "./user/schemas.js";
export { utf8Length } from "./user/utf8-length.js";
export {
  checkApiKeyName,
  checkEmail,
  checkFullName,
  checkNewUserName,
  checkUserName,
} from "./user/validate-user.js";
