import { useSearch } from "wouter";
import { landingTarget, safeReturnTarget } from "../lib/return-target";
import { useAppConfig } from "./use-app-config";

/** Where this page sends the person once done: the safe `rd` it was given, or the landing. */
export function useReturnTarget(): string {
  const config = useAppConfig();
  const rd = new URLSearchParams(useSearch()).get("rd");
  return (
    safeReturnTarget(rd, window.location.origin) ??
    landingTarget(config.data?.gatewayEnabled ?? false)
  );
}
