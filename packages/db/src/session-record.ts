import type { UserDto } from "./dto.js";

/** A session row joined with its user, as every authenticated request needs it (no hash). */
export interface SessionRecord {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly user: UserDto;
  /** Whether the user's sign-in asks for a second factor (see mustSetUpSecondFactor). */
  readonly hasSecondFactor: boolean;
}
