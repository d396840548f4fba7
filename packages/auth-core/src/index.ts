// Server entry: everything in ./rules plus the Node-only parts (config files, argon2, crypto).

export { apiKeyPrefix, generateApiKey, type ParsedApiKey, parseApiKey } from "./api-key/format.js";
export { parseBooleanWord } from "./config/boolean-word.js";
export { parseDuration } from "./config/duration.js";
export { ConfigError } from "./config/errors.js";
export { type Environment, envVarName } from "./config/from-env.js";
export { configHelp } from "./config/help.js";
export {
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  printConfig,
} from "./config/load.js";
export {
  type Config,
  type ConfigKey,
  configKeys,
  configSchema,
  secretConfigKeys,
} from "./config/schema.js";
export {
  createDeviceTokens,
  type DeviceTokens,
  deviceLifetimeMs,
} from "./crypto/device-token.js";
export { digestsEqual, randomToken, sha256Hex } from "./crypto/tokens.js";
export {
  type ConcurrencyLimit,
  type ConcurrencyLimitOptions,
  createConcurrencyLimit,
} from "./password/concurrency-limit.js";
export {
  type Argon2Options,
  type Argon2Runner,
  createPasswordHasher,
  type HashParams,
  owaspHashParams,
  type PasswordHasher,
} from "./password/hash.js";
export { maxConcurrentHashes } from "./password/hash-concurrency.js";
export { type HashProcess, startHashProcess } from "./password/hash-process.js";
export { type CanonicalTarget, canonicalTarget } from "./policy/canonical-path.js";
export type { OperatorRoute } from "./policy/operator-routes.js";
export { type AccessVerdict, accessVerdict, type RouteAccess } from "./policy/route-access.js";
export {
  createRoutePolicy,
  type RouteDecision,
  type RoutePolicy,
  type RoutePolicyOptions,
} from "./policy/route-policy.js";
export * from "./rules.js";
export {
  createRecoveryCodes,
  recoveryCodeCount,
  recoveryCodeDigest,
} from "./totp/recovery-codes.js";
export {
  isSecondFactorRequired,
  mustSetUpSecondFactor,
} from "./totp/required-second-factor.js";
export { createTotpSecret, matchTotp, totpKeyUri } from "./totp/totp.js";
export {
  asciiLookalikeNote,
  emailLook,
  looksReserved,
  type NameLook,
  nameLook,
} from "./user/lookalike.js";
