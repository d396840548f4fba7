import { createHmac, timingSafeEqual } from "node:crypto";
import { randomToken } from "./tokens.js";

/**
 * OWASP's device cookie (DESIGN.md rule 11): a token a client gets when it signs in, naming a
 * device id bound by an HMAC under the server's secret to the account's `subject` and to the
 * time it was issued. A client that presents a valid one is judged on its device's own
 * failures, not the account's, so that strangers' failures cannot lock out a client that
 * signed in before. The subject is the account's identity and credential generation (see
 * deviceSubject in packages/db): a new password, a rename or a new account of the same name
 * makes every device issued before unknown. Nothing of the account is readable in the token.
 */
export interface DeviceTokens {
  /** A new token for a client that has just signed in to `subject`: a fresh device id. */
  issue(subject: string, now: Date): string;
  /** The device id of a token issued for `subject` no longer than `deviceLifetimeMs` ago. */
  deviceOf(token: string | undefined, subject: string, now: Date): string | undefined;
}

/** How long a client stays known without signing in again. */
export const deviceLifetimeMs = 180 * 86_400_000;

const version = "d2";
const deviceId = /^[\w-]{22}$/;
const issuedSeconds = /^\d{1,12}$/;
/** A token issued "later" than now by more than this is no device (clocks drift a little). */
const clockSkewMs = 60_000;

export function createDeviceTokens(secret: Uint8Array): DeviceTokens {
  // Its own key, so that a device token's MAC can never pass for a session token's signature.
  const key = createHmac("sha256", secret).update("pyroscope-auth device cookie").digest();
  const mac = (id: string, issued: string, subject: string) =>
    createHmac("sha256", key).update(`${version}\n${id}\n${issued}\n${subject}`).digest();
  return {
    issue(subject, now) {
      const id = randomToken();
      const issued = String(Math.floor(now.getTime() / 1000));
      return `${version}.${id}.${issued}.${mac(id, issued, subject).toString("base64url")}`;
    },
    deviceOf(token, subject, now) {
      const [tokenVersion, id = "", issued = "", presented = "", ...rest] = (token ?? "").split(
        ".",
      );
      if (tokenVersion !== version || rest.length > 0) return undefined;
      if (!deviceId.test(id) || !issuedSeconds.test(issued)) return undefined;
      const age = now.getTime() - Number(issued) * 1000;
      if (age > deviceLifetimeMs || age < -clockSkewMs) return undefined;
      const given = Buffer.from(presented, "base64url");
      const expected = mac(id, issued, subject);
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
    },
  };
}
