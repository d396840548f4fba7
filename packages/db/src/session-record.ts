import type { UserDto } from "./dto.js";
import type { HotPath } from "./hot-path.js";
import { type UserRow, userDtoColumns, userRowToDto } from "./user-row.js";

/** A session row joined with its user, as every authenticated request needs it (no hash). */
export interface SessionRecord {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly user: UserDto;
}

const sessionQuery = `select s.id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, ${userDtoColumns}
  from sessions s join users u on u.id = s.user_id where s.id = ?`;

interface SessionRow extends UserRow {
  id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

const optionalDate = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The session stored under `digest` with its user, in one prepared join. */
export async function findSessionRecord(
  hotPath: HotPath,
  digest: string,
): Promise<SessionRecord | undefined> {
  const row = await hotPath.get<SessionRow>(sessionQuery, [digest]);
  if (!row) return undefined;
  return {
    id: row.id,
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: optionalDate(row.expires_at),
    revokedAt: optionalDate(row.revoked_at),
    user: userRowToDto(row),
  };
}
