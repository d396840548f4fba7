import type { FastReads } from "./database.js";
import { toUserDto } from "./dto.js";
import { hasSecondFactorColumn } from "./services/second-factor-state.js";
import type { SessionRecord } from "./session-record.js";
import { flagOf, msOf, optionalMsOf } from "./sql.js";
import { type UserRow, userDtoColumns, userOfRow } from "./user-row.js";

/** One row of a plain select, as the engine reads it fastest. */
export type Get = <T>(sql: string, params: unknown[]) => Promise<T | undefined>;

const sessionQuery = `select s.id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, ${userDtoColumns},
  ${hasSecondFactorColumn} from sessions s join users u on u.id = s.user_id where s.id = ?`;

interface SessionRow extends UserRow {
  id: string;
  created_at: unknown;
  last_seen_at: unknown;
  expires_at: unknown;
  revoked_at: unknown;
  has_second_factor: unknown;
}

const userQuery = `select ${userDtoColumns}, u.password_hash from users u where u.name = ?`;

const optionalDate = (value: unknown) => {
  const ms = optionalMsOf(value);
  return ms === null ? null : new Date(ms);
};

function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    createdAt: new Date(msOf(row.created_at)),
    lastSeenAt: new Date(msOf(row.last_seen_at)),
    expiresAt: optionalDate(row.expires_at),
    revokedAt: optionalDate(row.revoked_at),
    user: toUserDto(userOfRow(row)),
    hasSecondFactor: flagOf(row.has_second_factor),
  };
}

/** FastReads made of plain statements, each run through `get` (portable SQL, any engine). */
export function fastReadsThrough(get: Get): FastReads {
  return {
    async sessionByDigest(digest) {
      const row = await get<SessionRow>(sessionQuery, [digest]);
      return row && toSessionRecord(row);
    },
    async userForSignIn(name) {
      const row = await get<UserRow & { password_hash: string }>(userQuery, [name]);
      if (!row) return undefined;
      const user = toUserDto(userOfRow(row));
      return { user, passwordHash: user.isExternal ? "" : row.password_hash };
    },
  };
}
