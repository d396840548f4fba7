import { describe, expect, it } from "vitest";
import type { Role } from "../user/roles.js";
import { parseOperatorRoutes } from "./operator-routes.js";
import { compilePathPattern } from "./path-pattern.js";
import { pyroscopeRoutes } from "./pyroscope-routes.js";
import { type AccessVerdict, accessVerdict } from "./route-access.js";
import { createRoutePolicy } from "./route-policy.js";

type Caller = Role | "anonymous";
const callers: readonly Caller[] = ["anonymous", "Agent", "ReadOnly", "Admin"];

/** Who gets through, per caller, for a kind of route. */
const outcomes = {
  public: { anonymous: "allowed", Agent: "allowed", ReadOnly: "allowed", Admin: "allowed" },
  ingest: {
    anonymous: "unauthenticated",
    Agent: "allowed",
    ReadOnly: "forbidden",
    Admin: "allowed",
  },
  read: { anonymous: "unauthenticated", Agent: "forbidden", ReadOnly: "allowed", Admin: "allowed" },
  admin: {
    anonymous: "unauthenticated",
    Agent: "forbidden",
    ReadOnly: "forbidden",
    Admin: "allowed",
  },
  nobody: { anonymous: "forbidden", Agent: "forbidden", ReadOnly: "forbidden", Admin: "forbidden" },
} satisfies Record<string, Record<Caller, AccessVerdict>>;

type Outcome = keyof typeof outcomes;

/** One request per row of the built-in table (and a few the table leaves to the default). */
type Request = readonly [method: string, path: string, outcome: Outcome];

const requests: readonly Request[] = [
  ["GET", "/ready", "public"],
  ["HEAD", "/ready", "public"],
  ["POST", "/ready", "admin"],
  ["POST", "/ingest", "ingest"],
  ["POST", "/pyroscope/ingest", "ingest"],
  ["POST", "/push.v1.PusherService/Push", "ingest"],
  [
    "POST",
    "/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export",
    "ingest",
  ],
  ["POST", "/v1development/profiles", "ingest"],
  ["POST", "/ingester.v1.IngesterService/Push", "nobody"],
  ["POST", "/ingester.v1.IngesterService/MergeProfilesStacktraces", "nobody"],
  ["POST", "/storegateway.v1.StoreGatewayService/Series", "nobody"],
  ["POST", "/segmentwriter.v1.SegmentWriterService/Push", "nobody"],
  ["POST", "/frontendpb.FrontendForQuerier/QueryResult", "nobody"],
  ["POST", "/schedulerpb.SchedulerForQuerier/QuerierLoop", "nobody"],
  ["POST", "/schedulerpb.SchedulerForFrontend/FrontendLoop", "nobody"],
  ["POST", "/query.v1.QueryFrontendService/Query", "nobody"],
  ["POST", "/query.v1.QueryBackendService/Invoke", "nobody"],
  ["POST", "/metastore.v1.IndexService/AddBlock", "nobody"],
  ["POST", "/raft_node.RaftNodeService/AddNode", "nobody"],
  ["POST", "/httpgrpc.HTTP/Handle", "nobody"],
  ["GET", "/", "read"],
  ["GET", "/explore", "read"],
  ["GET", "/comparison", "read"],
  ["GET", "/comparison-diff", "read"],
  ["GET", "/ui", "read"],
  ["GET", "/ui/explore", "read"],
  ["GET", "/assets/index-abc.js", "read"],
  ["GET", "/icons/logo.svg", "read"],
  ["GET", "/public/img/x.png", "read"],
  ["GET", "/static/phlare-styles.css", "read"],
  ["GET", "/favicon.ico", "read"],
  ["HEAD", "/explore", "read"],
  ["POST", "/explore", "admin"],
  ["DELETE", "/assets/index-abc.js", "admin"],
  ...[
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
  ].map((method): Request => ["POST", `/querier.v1.QuerierService/${method}`, "read"]),
  ["POST", "/querier.v1.QuerierService/SomethingNew", "admin"],
  ["GET", "/pyroscope/render", "read"],
  ["GET", "/pyroscope/render-diff", "read"],
  ["GET", "/pyroscope/label-values", "read"],
  ["POST", "/settings.v1.SettingsService/Get", "read"],
  ["POST", "/settings.v1.RecordingRulesService/GetRecordingRule", "read"],
  ["POST", "/settings.v1.RecordingRulesService/ListRecordingRules", "read"],
  ["POST", "/adhocprofiles.v1.AdHocProfileService/Get", "read"],
  ["POST", "/adhocprofiles.v1.AdHocProfileService/List", "read"],
  ["POST", "/adhocprofiles.v1.AdHocProfileService/Diff", "read"],
  ...["GithubApp", "GithubLogin", "GithubRefresh", "GetFile", "GetCommit", "GetCommits"].map(
    (method): Request => ["POST", `/vcs.v1.VCSService/${method}`, "read"],
  ),
  ["POST", "/capabilities.v1.FeatureFlagsService/GetFeatureFlags", "read"],
  ["POST", "/version.v1.Version/Version", "read"],
  ["POST", "/settings.v1.SettingsService/Set", "admin"],
  ["POST", "/settings.v1.SettingsService/Delete", "admin"],
  ["POST", "/settings.v1.RecordingRulesService/UpsertRecordingRule", "admin"],
  ["POST", "/settings.v1.RecordingRulesService/DeleteRecordingRule", "admin"],
  ["POST", "/adhocprofiles.v1.AdHocProfileService/Upload", "admin"],
  ["POST", "/debuginfo.v1alpha1.DebuginfoService/ShouldInitiateUpload", "admin"],
  ["GET", "/admin", "admin"],
  ["GET", "/api/v1/status/config", "admin"],
  ["GET", "/api/swagger.json", "admin"],
  ["GET", "/runtime_config", "admin"],
  ["GET", "/config", "admin"],
  ["GET", "/services", "admin"],
  ["GET", "/ring", "admin"],
  ["POST", "/distributor/ring", "admin"],
  ["GET", "/compactor/ring", "admin"],
  ["GET", "/overrides-exporter/ring", "admin"],
  ["GET", "/store-gateway/tenants", "admin"],
  ["GET", "/memberlist", "admin"],
  ["GET", "/metrics", "admin"],
  ["GET", "/debug/pprof/heap", "admin"],
  ["GET", "/debug/fgprof", "admin"],
  ["GET", "/ops/object-store/tenants", "admin"],
  ["GET", "/something/unnamed", "admin"],
  ["GET", "/Explore", "admin"],
  ["GET", "/explore/", "admin"],
  ["GET", "/readyz", "admin"],
  ["GET", "/ingest/../admin", "admin"],
];

describe("the built-in policy for Grafana Pyroscope v1, with ingestion auth on", () => {
  const decide = createRoutePolicy({ operatorRoutes: [], ingestionAuth: true });

  for (const [method, path, outcome] of requests) {
    it(`${method} ${path}: ${outcome}`, () => {
      const { access } = decide(method, path);
      for (const caller of callers) {
        const role = caller === "anonymous" ? undefined : caller;
        expect(accessVerdict(access, role), caller).toBe(outcomes[outcome][caller]);
      }
    });
  }

  it("has a request above for every row of the table", () => {
    for (const rule of pyroscopeRoutes) {
      const matches = compilePathPattern(rule.path);
      expect(
        requests.some(
          ([method, path]) => matches(path) && (rule.methods ?? [method]).includes(method),
        ),
        `${rule.name} ${rule.path}`,
      ).toBe(true);
    }
  });
});

describe("ingestion auth off (the original's default)", () => {
  const decide = createRoutePolicy({ operatorRoutes: [], ingestionAuth: false });

  it("lets anyone push, and changes nothing else", () => {
    expect(decide("POST", "/ingest").access).toEqual({ kind: "public" });
    expect(decide("POST", "/push.v1.PusherService/Push").access).toEqual({ kind: "public" });
    expect(accessVerdict(decide("GET", "/explore").access, undefined)).toBe("unauthenticated");
    expect(accessVerdict(decide("POST", "/ingester.v1.IngesterService/Push").access, "Admin")).toBe(
      "forbidden",
    );
  });
});

describe("the operator's gateway.routes", () => {
  function policyOf(routes: unknown) {
    const parsed = parseOperatorRoutes(routes);
    if (typeof parsed === "string") throw new Error(parsed);
    return createRoutePolicy({ operatorRoutes: parsed, ingestionAuth: true });
  }

  it("come before the built-in table: ReadOnly users may save Drilldown settings", () => {
    const decide = policyOf([
      { path: "/settings.v1.SettingsService/Set", methods: ["post"], allow: ["ReadOnly", "admin"] },
    ]);
    const set = decide("POST", "/settings.v1.SettingsService/Set");
    expect(set.rule).toBe("gateway.routes[0]");
    expect(accessVerdict(set.access, "ReadOnly")).toBe("allowed");
    expect(accessVerdict(set.access, "Agent")).toBe("forbidden");
    // Only the methods it names.
    expect(decide("PUT", "/settings.v1.SettingsService/Set").rule).toBe("admin");
  });

  it("take patterns, public and nobody, also as JSON text", () => {
    const decide = policyOf(
      JSON.stringify([
        { path: "/debuginfo.v1alpha1.*/**", allow: ["Agent", "Admin"] },
        { path: "/metrics", methods: ["GET"], allow: "public" },
        { path: "/admin", allow: "nobody" },
      ]),
    );
    expect(
      accessVerdict(
        decide("POST", "/debuginfo.v1alpha1.DebuginfoService/Upload/ab").access,
        "Agent",
      ),
    ).toBe("allowed");
    expect(accessVerdict(decide("HEAD", "/metrics").access, undefined)).toBe("allowed");
    expect(accessVerdict(decide("GET", "/admin").access, "Admin")).toBe("forbidden");
  });

  it("refuse an entry they cannot use, saying which and why", () => {
    expect(parseOperatorRoutes([{ path: "/x" }])).toMatch(/entry 0 that needs allow/);
    expect(parseOperatorRoutes([{ path: "x", allow: "public" }])).toMatch(/must start with \//);
    expect(parseOperatorRoutes([{ path: "/a/**/b", allow: "public" }])).toMatch(/last segment/);
    expect(parseOperatorRoutes([{ path: "/a/../b", allow: "public" }])).toMatch(/\.\. segments/);
    expect(parseOperatorRoutes([{ path: "/a", allow: ["Owner"] }])).toMatch(/list of roles/);
    expect(parseOperatorRoutes([{ path: "/a", allow: [] }])).toMatch(/list of roles/);
    expect(parseOperatorRoutes([{ path: "/a", allow: "public", method: "GET" }])).toMatch(
      /unknown key "method"/,
    );
    expect(parseOperatorRoutes([{ path: "/a", allow: "public", methods: ["G E T"] }])).toMatch(
      /HTTP methods/,
    );
    expect(parseOperatorRoutes("[{")).toMatch(/not a list of routes/);
    expect(parseOperatorRoutes({ path: "/a" })).toMatch(/not a list of routes/);
    expect(parseOperatorRoutes("")).toEqual([]);
  });
});
