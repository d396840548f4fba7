export { createOrm, type Orm } from "./create-orm.js";
export { databaseLocation } from "./database-location.js";
export {
  type ApiKeyDto,
  type AuditEventDto,
  type SessionDto,
  toApiKeyDto,
  toUserDto,
  type UserDto,
} from "./dto.js";
export type { ApiKey } from "./entities/api-key.entity.js";
export type { Session } from "./entities/session.entity.js";
export type { User } from "./entities/user.entity.js";
export { type HotPath, openHotPath } from "./hot-path.js";
export { type MigrationOutcome, migrateDatabase } from "./migrate.js";
export {
  type Actor,
  actorLabel,
  createServiceDeps,
  type ServiceContext,
  type ServiceDeps,
  type ServiceDepsOptions,
} from "./service-deps.js";
export {
  createApiKey,
  deleteApiKey,
  listApiKeys,
  type NewApiKey,
  validateApiKey,
} from "./services/api-keys.js";
export { type AuditEntry, listAuditEvents, recordAudit } from "./services/audit.js";
export { loadJwtSecret } from "./services/jwt-secret.js";
export { logIn, type SignedIn, signUp } from "./services/login.js";
export {
  admitLoginAttempt,
  countLoginThrottles,
  type LoginAttempt,
  unlockAccount,
} from "./services/login-throttle.js";
export {
  endSession,
  listSessions,
  type NewSession,
  purgeEndedSessions,
  revokeOtherSessions,
  revokeSession,
  sessionDeadline,
  touchSession,
  type ValidSession,
  validateSession,
} from "./services/sessions.js";
export {
  changeOwnPassword,
  createUser,
  deleteUser,
  findUser,
  findUserByName,
  getUser,
  getUserByName,
  listUsers,
  setUserDisabled,
  setUserPassword,
  setUserRole,
  updateUser,
} from "./services/users.js";
export type { SessionRecord } from "./session-record.js";
