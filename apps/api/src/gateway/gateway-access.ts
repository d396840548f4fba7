import { createRoutePolicy, parseDuration } from "@pyroscope-auth/auth-core";
import type { AppServices } from "../app-services.js";
import { createApiKeyCache } from "../identity/api-key-cache.js";
import { type Admit, createAdmission } from "./admission.js";

/**
 * What the gateway and `/auth/verify` decide with, built once so that both use the same route
 * policy and the same cache of validated keys.
 */
export interface GatewayAccess {
  readonly admit: Admit;
  /** `gateway.tenant-id`, or "" for none. */
  readonly tenantId: string;
}

export function createGatewayAccess(services: AppServices): GatewayAccess {
  const { config } = services;
  return {
    admit: createAdmission(services, {
      policy: createRoutePolicy({
        operatorRoutes: config["gateway.routes"],
        ingestionAuth: config["auth.ingestion.enabled"],
      }),
      apiKeys: createApiKeyCache({
        ttlMs: parseDuration(config["auth.ingestion.cache-ttl"]) ?? 0,
        maxEntries: config["auth.ingestion.cache-size"],
      }),
    }),
    tenantId: config["gateway.tenant-id"],
  };
}
