import {
  admins,
  anyone,
  ingestion,
  nobody,
  type RouteAccess,
  type RouteRule,
  readers,
} from "./route-access.js";

// GET covers HEAD too (route-policy.ts).
const reads = ["GET"] as const;

function rows(
  name: string,
  access: RouteAccess,
  paths: readonly string[],
  methods?: readonly string[],
): RouteRule[] {
  return paths.map((path) => ({ path, access, name, ...(methods ? { methods } : {}) }));
}

/** The Connect paths `/<service>/<method>` of one service. */
function rpcs(service: string, methods: readonly string[]): string[] {
  return methods.map((method) => `/${service}/${method}`);
}

/**
 * Grafana Pyroscope v1's routes (pkg/api/api.go and the services registered on its HTTP port),
 * by who may use them. Read-only methods are named one by one, so that a method a new Pyroscope
 * adds stays Admin-only until it is named here: whatever this table does not name is Admin's.
 */
export const pyroscopeRoutes: readonly RouteRule[] = [
  ...rows("ready", anyone, ["/ready"], reads),
  ...rows("ingest", ingestion, [
    "/ingest",
    "/pyroscope/ingest",
    "/push.v1.PusherService/Push",
    "/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export",
    "/v1development/profiles",
  ]),
  // Pyroscope's own components call these on the same port; no client of the gateway may.
  ...rows("internal", nobody, [
    "/ingester.v1.*/**",
    "/storegateway.v1.*/**",
    "/segmentwriter.v1.*/**",
    "/frontendpb.*/**",
    "/schedulerpb.*/**",
    "/query.v1.*/**",
    "/metastore.v1.*/**",
    "/raft_node.*/**",
    "/httpgrpc.*/**",
  ]),
  ...rows(
    "ui",
    readers,
    [
      "/",
      "/explore",
      "/comparison",
      "/comparison-diff",
      "/ui",
      "/ui/**",
      "/assets/**",
      "/icons/**",
      "/public/**",
      "/static/**",
      "/favicon.ico",
    ],
    reads,
  ),
  ...rows("query", readers, [
    ...rpcs("querier.v1.QuerierService", [
      "ProfileTypes",
      "LabelValues",
      "LabelNames",
      "Series",
      "SelectMergeStacktraces",
      "SelectMergeSpanProfile",
      "SelectMergeProfile",
      "SelectSeries",
      "SelectHeatmap",
      "Diff",
      "GetProfileStats",
      "AnalyzeQuery",
    ]),
    "/pyroscope/render",
    "/pyroscope/render-diff",
    "/pyroscope/label-values",
    "/settings.v1.SettingsService/Get",
    ...rpcs("settings.v1.RecordingRulesService", ["GetRecordingRule", "ListRecordingRules"]),
    ...rpcs("adhocprofiles.v1.AdHocProfileService", ["Get", "List", "Diff"]),
    // Reading source code in the UI: GithubLogin and GithubRefresh trade the viewer's own GitHub
    // code for a token handed back to that viewer; they change nothing in Pyroscope.
    ...rpcs("vcs.v1.VCSService", [
      "GithubApp",
      "GithubLogin",
      "GithubRefresh",
      "GetFile",
      "GetCommit",
      "GetCommits",
    ]),
    "/capabilities.v1.FeatureFlagsService/GetFeatureFlags",
    "/version.v1.Version/Version",
  ]),
  // Named for the reader; the default below would give them to Admin all the same.
  ...rows("admin", admins, [
    "/settings.v1.SettingsService/Set",
    "/settings.v1.SettingsService/Delete",
    "/settings.v1.RecordingRulesService/UpsertRecordingRule",
    "/settings.v1.RecordingRulesService/DeleteRecordingRule",
    "/adhocprofiles.v1.AdHocProfileService/Upload",
    "/debuginfo.v1alpha1.DebuginfoService/**",
    "/admin",
    "/api/**",
    "/runtime_config",
    "/config",
    "/services",
    "/ring",
    "/distributor/ring",
    "/compactor/ring",
    "/overrides-exporter/ring",
    "/store-gateway/**",
    "/memberlist",
    "/metrics",
    "/debug/**",
    "/ops/**",
  ]),
];

/** What no row names: Admin only (deny by default). */
export const unnamedRoute: RouteRule = { path: "/**", access: admins, name: "unnamed" };
