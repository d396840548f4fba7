import type { Config, DeviceTokens } from "@pyroscope-auth/auth-core";
import type { HttpExchange } from "../http/http-exchange.js";
import { cookieOptions } from "./session-cookie.js";

/**
 * OWASP's device cookie: set on every sign-in (a fresh device each time), sent back only to
 * our own routes, never to the upstream. A client that keeps it is judged on its own failures
 * at its next sign-in to that account (see admitLoginAttempt).
 */
export const deviceCookieName = "pyroscopeDevice";
/** How long a client stays known without signing in again. */
const deviceLifetimeMs = 180 * 86_400_000;

/** The known device that the request's device cookie names for `account`, if any. */
export function deviceOf(
  http: HttpExchange,
  devices: DeviceTokens,
  account: string,
): string | undefined {
  return devices.deviceOf(http.cookies[deviceCookieName], account);
}

export function setDeviceCookie(
  http: HttpExchange,
  config: Config,
  devices: DeviceTokens,
  account: string,
  now: Date,
): void {
  http.setCookie(deviceCookieName, devices.issue(account), {
    ...cookieOptions(config, new Date(now.getTime() + deviceLifetimeMs)),
    path: "/auth/",
  });
}
