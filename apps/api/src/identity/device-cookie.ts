import { type Config, type DeviceTokens, deviceLifetimeMs } from "@pyroscope-auth/auth-core";
import type { HttpExchange } from "../http/http-exchange.js";
import { cookieOptions } from "./session-cookie.js";

/**
 * OWASP's device cookie: set on every sign-in (a fresh device each time), sent back only to
 * our own routes, never to the upstream. A client that keeps it is judged on its own failures
 * at its next sign-in to that account (see admitLoginAttempt).
 */
export const deviceCookieName = "pyroscopeDevice";

/** Which device, if any, the request's device cookie names for an account's subject. */
export function knownDevice(
  http: HttpExchange,
  devices: DeviceTokens,
  now: Date,
): (subject: string) => string | undefined {
  const token = http.cookies[deviceCookieName];
  return (subject) => devices.deviceOf(token, subject, now);
}

export function setDeviceCookie(
  http: HttpExchange,
  config: Config,
  devices: DeviceTokens,
  subject: string,
  now: Date,
): void {
  http.setCookie(deviceCookieName, devices.issue(subject, now), {
    ...cookieOptions(config, new Date(now.getTime() + deviceLifetimeMs)),
    path: `${config["base-url"]}/auth/`,
  });
}
