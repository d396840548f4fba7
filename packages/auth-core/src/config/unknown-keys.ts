import { parseBooleanWord } from "./boolean-word.js";
import { configKeys } from "./schema.js";

/**
 * The original Pyroscope server's own settings (its server.yml), which concern the rest of the
 * server, not its authentication: recognised, so that an operator's existing file loads, and
 * ignored quietly.
 */
const pyroscopeServerKeys = new Set([
  "analytics-opt-out",
  "badger-log-level",
  "storage-queue-size",
  "storage-queue-workers",
  "min-free-space-percentage",
  "exemplars-batch-queue-size",
  "exemplars-batch-duration",
  "exemplars-batch-size",
  "base-url-bind-addr",
  "cache-evict-threshold",
  "cache-evict-volume",
  "database.type",
  "badger-no-truncate",
  "disable-pprof-endpoint",
  "max-nodes-serialization",
  "max-nodes-render",
  "hide-applications",
  "retention",
  "exemplars-retention",
  "retention-levels",
  "sample-rate",
  "out-of-space-threshold",
  "cache-dimensions-size",
  "cache-dictonary-size",
  "cache-segment-size",
  "cache-tree-size",
  "cors",
  "metrics-export-rules",
  "admin-socket-path",
  "enable-experimental-admin",
  "no-adhoc-ui",
  "adhoc-data-path",
  "adhoc-max-file-size",
  "scrape-configs",
  "no-self-profiling",
  "self-profiling-tags",
  "remote-write",
  "remote-read",
  "disable-export-to-flamegraph-dot-com",
  "enable-experimental-exemplars-page",
  "auth.api-key-bcrypt-cost",
]);

/** The original's external sign-in providers, which this server does not offer (yet). */
const externalProvider = /^auth\.(google|github|gitlab|generic)(\.|$)/;

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known name nearest to `name` (an edit or three away), for "did you mean …?". */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 6));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

/** What a key that sets no option of ours means. */
export type UnknownKey =
  | { readonly kind: "refuse"; readonly reason: string }
  | { readonly kind: "ignore-quietly" }
  | { readonly kind: "warn" };

function isOn(value: unknown): boolean {
  return value === true || (typeof value === "string" && parseBooleanWord(value) === true);
}

/**
 * A key of ours misspelt must not go unnoticed: an unknown `auth.` key refuses to start (a
 * typo like `auth.internal.enable` would leave the server with no login at all), naming the
 * closest known key; so does an external provider the original offered, when turned on. The
 * original server's other settings are ignored quietly; anything else, with a warning.
 */
export function judgeUnknownKey(key: string, value: unknown): UnknownKey {
  if (externalProvider.test(key)) {
    return /\.enabled$/.test(key) && isOn(value)
      ? {
          kind: "refuse",
          reason: `${key}: external sign-in providers (Google, GitHub, GitLab) are not supported yet; use auth.internal, and leave it unset or false`,
        }
      : { kind: "ignore-quietly" };
  }
  if (
    pyroscopeServerKeys.has(key) ||
    [...pyroscopeServerKeys].some((known) => key.startsWith(`${known}.`))
  )
    return { kind: "ignore-quietly" };
  if (key.startsWith("auth.")) {
    const near = closestName(key, configKeys);
    return {
      kind: "refuse",
      reason: `unknown key ${JSON.stringify(key)}${near ? ` (did you mean ${near}?)` : ""}: nothing under auth. is ignored, as a typo there could turn authentication off`,
    };
  }
  return { kind: "warn" };
}
