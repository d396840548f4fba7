import {
  accessVerdict,
  authMessages,
  canonicalTarget,
  isAuthError,
  type Role,
  type RoutePolicy,
} from "@pyroscope-auth/auth-core";
import type { AppServices } from "../app-services.js";
import { crossSiteReason } from "../http/cross-site.js";
import type { HttpExchange } from "../http/http-exchange.js";
import type { ApiKeyCache } from "../identity/api-key-cache.js";
import { presentedCredential } from "../identity/credentials.js";
import { identify } from "../identity/identify.js";
import { type Principal, principalRole } from "../identity/principal.js";

/** The gateway's answer to "may this request go upstream?". */
export type Admission =
  | { readonly kind: "pass"; readonly principal: Principal | undefined; readonly rule: string }
  | {
      readonly kind: "refuse";
      readonly status: 400 | 401 | 403;
      readonly message: string;
      readonly rule?: string;
      /** Where a person opening this page should be sent instead (login, password change). */
      readonly page?: "login" | "change-password" | "set-up-two-factor";
    };

export interface AdmissionRequest {
  readonly method: string;
  /** The request target as sent (path and query). */
  readonly target: string;
  readonly http: HttpExchange;
}

export interface AdmissionOptions {
  readonly policy: RoutePolicy;
  readonly apiKeys: ApiKeyCache;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Decides a request in the order DESIGN.md gives: a non-canonical path is refused before the
 * policy sees it; a public route passes without looking at credentials; an internal one never
 * passes; otherwise the credential (cookie, Bearer or Basic key) must hold a role the route
 * allows. Without internal authentication there are no people to sign in, and a request without
 * a credential acts as Admin, as the original served everyone; only ingest routes still need a
 * key while `auth.ingestion.enabled` is on.
 */
export function createAdmission(services: AppServices, { policy, apiKeys }: AdmissionOptions) {
  const config = services.config;
  return async function admit(request: AdmissionRequest): Promise<Admission> {
    const target = canonicalTarget(request.target);
    if (!target.ok) return { kind: "refuse", status: 400, message: target.reason };
    const { access, rule } = policy(request.method, target.path);
    if (access.kind === "public") return { kind: "pass", principal: undefined, rule };
    if (access.kind === "nobody")
      return {
        kind: "refuse",
        status: 403,
        message: "this route is internal to Pyroscope: not served through the gateway",
        rule,
      };

    const { http } = request;
    // Routes that admit agents (ingest, or an operator's rule naming Agent) are for keys.
    const openAsAdmin =
      !config["auth.internal.enabled"] &&
      !access.roles.includes("Agent") &&
      presentedCredential(http.cookies, http.authorization).kind === "none";
    let principal: Principal | undefined;
    let role: Role;
    if (openAsAdmin) {
      role = "Admin";
    } else {
      try {
        principal = await identify(services, http, () => services.deps.database.fork(), {
          apiKeys,
        });
      } catch (error) {
        if (!isAuthError(error)) throw error;
        return { kind: "refuse", status: 401, message: error.message, rule, page: "login" };
      }
      if (principal.kind === "user" && principal.user.mustChangePassword)
        return {
          kind: "refuse",
          status: 403,
          message: authMessages.PASSWORD_CHANGE_REQUIRED,
          rule,
          page: "change-password",
        };
      if (principal.kind === "user" && principal.mustSetUpSecondFactor)
        return {
          kind: "refuse",
          status: 403,
          message: authMessages.SECOND_FACTOR_SETUP_REQUIRED,
          rule,
          page: "set-up-two-factor",
        };
      role = principalRole(principal);
    }
    if (accessVerdict(access, role) !== "allowed")
      return { kind: "refuse", status: 403, message: authMessages.PERMISSION_DENIED, rule };
    // A browser sends the cookie along with another site's request: such a write is refused.
    if (principal?.kind === "user" && !safeMethods.has(request.method)) {
      const reason = crossSiteReason(http, config["auth.trusted-origins"]);
      if (reason) return { kind: "refuse", status: 403, message: reason, rule };
    }
    return { kind: "pass", principal, rule };
  };
}

export type Admit = ReturnType<typeof createAdmission>;
