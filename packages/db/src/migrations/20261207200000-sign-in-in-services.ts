import { Migration } from "@mikro-orm/migrations";

/**
 * The sign-in's bookkeeping (its audit event, the user's lastSeenAt, the cap on active sessions)
 * moves from the sessions trigger of the first migration to services/sessions.ts, where every
 * engine runs it: the trigger goes, or a sign-in would be counted twice.
 */
export class SignInInServices extends Migration {
  override async up(): Promise<void> {
    this.addSql("drop trigger `sessions_record_sign_in`;");
  }
}
