export { type Database, MissingDatabaseError } from "./database.js";
export {
  type ApiKeyDto,
  type AuditEventDto,
  toApiKeyDto,
  toUserDto,
  type UserDto,
} from "./dto.js";
export type { ApiKey } from "./entities/api-key.entity.js";
export type { Session } from "./entities/session.entity.js";
export type { User } from "./entities/user.entity.js";
export { checkBuiltInAdmin, type MigrationOutcome, migrateDatabase } from "./migrate.js";
export { checkDatabaseUrl, mayBeFirstLaunch, openDatabase } from "./open-database.js";
export {
  type Actor,
  createServiceDeps,
  type ServiceContext,
  type ServiceDeps,
  type ServiceDepsOptions,
} from "./service-deps.js";
export {
  endEverySession,
  endUserSession,
  endUserSessions,
  listUserSessions,
} from "./services/admin-sessions.js";
export {
  createApiKey,
  deleteApiKey,
  listApiKeys,
  type NewApiKey,
  validateApiKey,
} from "./services/api-keys.js";
export {
  auditActionsOnRecord,
  listAuditEvents,
  maxAuditEventsListed,
} from "./services/audit.js";
export { loadJwtSecret } from "./services/jwt-secret.js";
export {
  completeSignIn,
  deviceSubject,
  logIn,
  type SecondStepNeeded,
  type SignedIn,
  signUp,
} from "./services/login.js";
export { unlockAccount } from "./services/login-throttle.js";
export { purgeExpiredRecords } from "./services/maintenance.js";
export {
  beginTotp,
  confirmTotp,
  disableSecondFactor,
  resetSecondFactor,
  secondFactorStatus,
} from "./services/second-factor.js";
export {
  endSession,
  listSessions,
  logOut,
  revokeOtherSessions,
  revokeSession,
  touchSession,
  type ValidSession,
  validateSession,
} from "./services/sessions.js";
export {
  changeOwnPassword,
  createUser,
  deleteUser,
  findUserByName,
  getUser,
  listUsers,
  setUserDisabled,
  setUserPassword,
  setUserRole,
  updateOwnProfile,
  updateUser,
} from "./services/users.js";
export type { SessionRecord } from "./session-record.js";
export { loggableError } from "./sql.js";
