import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * OWASP's device cookie (DESIGN.md rule 11): a token a client gets when it signs in to an
 * account, naming a device id bound to that account by an HMAC under the server's secret. A
 * client that presents one is judged on its device's own failures, not the account's, so that
 * strangers' failures cannot lock out a client that signed in before. The account is not in the
 * token (a cookie read off a machine does not tell whose it is); a token presented for another
 * account, forged or altered is no device.
 */
export interface DeviceTokens {
  /** A new token for a client that has just signed in to `account`: a fresh device id. */
  issue(account: string): string;
  /** The device id of a token issued for `account`, or undefined. */
  deviceOf(token: string | undefined, account: string): string | undefined;
}

const version = "d1";
const idBytes = 16;

export function createDeviceTokens(secret: Uint8Array): DeviceTokens {
  // Its own key, so that a device token's MAC can never pass for a session token's signature.
  const key = createHmac("sha256", secret).update("pyroscope-auth device cookie").digest();
  const mac = (id: string, account: string) =>
    createHmac("sha256", key).update(`${version}\n${id}\n${account}`).digest();
  return {
    issue(account) {
      const id = randomBytes(idBytes).toString("base64url");
      return `${version}.${id}.${mac(id, account).toString("base64url")}`;
    },
    deviceOf(token, account) {
      const [tokenVersion, id, presented, ...rest] = (token ?? "").split(".");
      if (tokenVersion !== version || !id || !presented || rest.length > 0) return undefined;
      const given = Buffer.from(presented, "base64url");
      const expected = mac(id, account);
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
    },
  };
}
