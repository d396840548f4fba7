import { ApiKey } from "./api-key.entity.js";
import { AuditEvent } from "./audit-event.entity.js";
import { LoginThrottle } from "./login-throttle.entity.js";
import { Session } from "./session.entity.js";
import { Setting } from "./setting.entity.js";
import { User } from "./user.entity.js";

export const allEntities = [User, Session, ApiKey, LoginThrottle, AuditEvent, Setting];
