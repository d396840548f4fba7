import { AuthError, type AuthErrorCode } from "@pyroscope-auth/auth-core";
import type { ServiceContext } from "../service-deps.js";
import { recordAudit } from "./audit.js";
import { admitLoginAttempt } from "./login-throttle.js";

/** What a failed check records and answers. */
export interface CheckRefusal {
  readonly action: string;
  readonly detail: string;
  readonly code: AuthErrorCode;
}

/**
 * A signed-in person's proof (an old password, a code) checked as a sign-in is: throttled with
 * the account's failed logins per account and address, a failure audited under `refusal` and
 * refused with its code, a success forgiving the attempt.
 */
export async function throttledCheck(
  ctx: ServiceContext,
  account: string,
  check: () => Promise<boolean>,
  refusal: CheckRefusal,
): Promise<void> {
  const attempt = await admitLoginAttempt(ctx, account, ctx.clientIp ?? "unknown");
  if (!(await attempt.check(check))) {
    await recordAudit(ctx, {
      action: refusal.action,
      outcome: "failure",
      target: account,
      detail: refusal.detail,
    });
    throw new AuthError(refusal.code);
  }
  await attempt.succeeded();
}
