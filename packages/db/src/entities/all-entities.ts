import { ApiKey } from "./api-key.entity.js";
import { AuditEvent } from "./audit-event.entity.js";
import { LoginChallenge } from "./login-challenge.entity.js";
import { LoginThrottle } from "./login-throttle.entity.js";
import { RecoveryCode } from "./recovery-code.entity.js";
import { Session } from "./session.entity.js";
import { Setting } from "./setting.entity.js";
import { TotpFactor } from "./totp-factor.entity.js";
import { User } from "./user.entity.js";

export const allEntities = [
  User,
  Session,
  ApiKey,
  LoginThrottle,
  AuditEvent,
  Setting,
  TotpFactor,
  RecoveryCode,
  LoginChallenge,
];
