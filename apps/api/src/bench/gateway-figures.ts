// The gateway's figures (issues "Gateway" and "Forward-auth"): proxied requests and /auth/verify
// against user.me in the same run, the latency the gateway adds at a fixed rate, and 1 MiB ingest
// bodies against the upstream direct; the latency and the ingest beside a bare proxy's.
import type { ServerProcess } from "../testing/server-process.js";
import { startHelperProcess } from "./helper-process.js";
import {
  interleaved,
  load,
  loadMeasure,
  report,
  seconds,
  sleep,
  warmUpSeconds,
} from "./measure.js";

interface GatewayBench {
  readonly server: ServerProcess;
  /** The stand-in upstream, for the direct figures. */
  readonly upstreamUrl: string;
  /** A ReadOnly user's session cookie. */
  readonly cookie: string;
  readonly readerKey: string;
  readonly agentKey: string;
}

const MiB = 1024 * 1024;

/** The largest resident set of the server seen while `act` runs, in MiB. */
async function peakRssDuring(server: ServerProcess, act: () => Promise<unknown>): Promise<number> {
  let peak = server.resources().rssKiB;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, server.resources().rssKiB);
      await sleep(20);
    }
  })();
  try {
    await act();
  } finally {
    sampling = false;
    await sampler;
  }
  return peak / 1024;
}

/** Pushing bodies of `bytes` to `url`, as a Measure (its rate is in bodies per second). */
function ingestLoad(url: string, bytes: number, authorization?: string) {
  return loadMeasure({
    url,
    method: "POST",
    headers: {
      "content-type": "application/octet-stream",
      ...(authorization ? { authorization } : {}),
    },
    body: Buffer.alloc(bytes, 7),
    connections: 4,
  });
}

/**
 * The figures, each beside what a bare proxy reaches on this machine (bare-proxy.ts): its
 * latency and ingest rate are the ceiling of the gateway's, as the same cores carry the
 * generator, the proxy and the upstream.
 */
export async function benchGateway(options: GatewayBench): Promise<void> {
  const bareProxy = await startHelperProcess("./bare-proxy.js", [options.upstreamUrl]);
  try {
    await benchAgainst(options, bareProxy.url);
  } finally {
    bareProxy.stop();
  }
}

async function benchAgainst(
  { server, upstreamUrl, cookie, readerKey, agentKey }: GatewayBench,
  bareProxyUrl: string,
): Promise<void> {
  const me = () =>
    loadMeasure({ url: `${server.url}/auth/trpc/user.me`, headers: { cookie }, connections: 16 });
  for (const [label, headers] of [
    ["a session cookie", { cookie }],
    ["a ReadOnly API key (Bearer)", { authorization: `Bearer ${readerKey}` }],
  ] as const) {
    const proxiedLoad = loadMeasure({
      url: `${server.url}/explore?from=now-1h`,
      headers,
      connections: 16,
    });
    await proxiedLoad(warmUpSeconds);
    const [proxied, direct] = await interleaved(proxiedLoad, me());
    const ratio = (proxied?.rate ?? 0) / (direct?.rate ?? 1);
    report(
      `gateway GET /explore with ${label} (target >= 3x user.me)`,
      `${Math.round(proxied?.rate ?? 0)} /s`,
      ratio >= 3,
    );
    report("  user.me in the same rounds", `${Math.round(direct?.rate ?? 0)} /s`);
    report("  as a multiple of user.me", `${ratio.toFixed(1)} x`);
    if (proxied?.refused) report("  non-2xx answers", String(proxied.refused), false);
  }

  // Forward-auth: a proxy asking about a reader's page (nginx's headers), against user.me.
  const verifyLoad = loadMeasure({
    url: `${server.url}/auth/verify`,
    headers: { cookie, "x-original-method": "GET", "x-original-url": "/explore?from=now-1h" },
    connections: 16,
  });
  await verifyLoad(warmUpSeconds);
  const [verified, meBeside] = await interleaved(verifyLoad, me());
  const verifyRatio = (verified?.rate ?? 0) / (meBeside?.rate ?? 1);
  report(
    "/auth/verify of a reader's page, session cookie (target >= 4x user.me)",
    `${Math.round(verified?.rate ?? 0)} /s`,
    verifyRatio >= 4,
  );
  report("  user.me in the same rounds", `${Math.round(meBeside?.rate ?? 0)} /s`);
  report("  as a multiple of user.me", `${verifyRatio.toFixed(1)} x`);
  if (verified?.refused) report("  non-2xx answers", String(verified.refused), false);

  // The latency the gateway adds, at a rate both sides carry: the same requests, direct and
  // through it, each after a second at that rate (the first requests of a path run unoptimised).
  const fixed = async (url: string, headers: Record<string, string> = {}) => {
    await load({ url, headers, connections: 16, overallRate: 1000, duration: 1 });
    return load({ url, headers, connections: 16, overallRate: 1000 });
  };
  const direct = await fixed(`${upstreamUrl}/explore?from=now-1h`);
  const proxied = await fixed(`${server.url}/explore?from=now-1h`, { cookie });
  const bare = await fixed(`${bareProxyUrl}/explore?from=now-1h`);
  report("at 1,000 req/s: p99 direct to the upstream", `${direct.latency.p99} ms`);
  report(
    "  p99 through the gateway (target <= direct + 5 ms)",
    `${proxied.latency.p99} ms`,
    proxied.latency.p99 <= direct.latency.p99 + 5,
  );
  report("  p99 through a bare node:http proxy (the yardstick)", `${bare.latency.p99} ms`);
  if (proxied.non2xx + proxied.errors > 0)
    report("  failed answers", String(proxied.non2xx + proxied.errors), false);

  const agent = `Bearer ${agentKey}`;
  const gatewayIngest = ingestLoad(`${server.url}/ingest?name=bench.cpu`, MiB, agent);
  await gatewayIngest(warmUpSeconds);
  let ingest: Awaited<ReturnType<typeof interleaved>> = [];
  const smallBodiesRss = await peakRssDuring(server, async () => {
    ingest = await interleaved(
      ingestLoad(`${upstreamUrl}/ingest?name=bench.cpu`, MiB),
      gatewayIngest,
    );
  });
  const [directIngest, viaGateway] = ingest;
  const directMiBps = directIngest?.rate ?? 0;
  const gatewayMiBps = viaGateway?.rate ?? 0;
  report("1 MiB ingest bodies direct to the upstream", `${directMiBps.toFixed(0)} MiB/s`);
  report(
    "  through the gateway, Agent key (target >= 50% of direct)",
    `${gatewayMiBps.toFixed(0)} MiB/s`,
    gatewayMiBps >= 0.5 * directMiBps,
  );
  if (viaGateway?.refused) report("  failed pushes", String(viaGateway.refused), false);
  const bareIngestLoad = ingestLoad(`${bareProxyUrl}/ingest?name=bench.cpu`, MiB);
  await bareIngestLoad(warmUpSeconds);
  const [bareIngest, directBeside] = await interleaved(
    bareIngestLoad,
    ingestLoad(`${upstreamUrl}/ingest?name=bench.cpu`, MiB),
  );
  report(
    "  a bare node:http proxy's share of direct (the yardstick)",
    `${Math.round((100 * (bareIngest?.rate ?? 0)) / (directBeside?.rate ?? 1))} %`,
  );
  const largeBodiesRss = await peakRssDuring(server, () =>
    ingestLoad(`${server.url}/ingest?name=bench.cpu`, 16 * MiB, agent)(seconds),
  );
  report("  server RSS while pushing 1 MiB bodies", `${smallBodiesRss.toFixed(0)} MiB`);
  report(
    "  and 16 MiB bodies (target: flat, within 32 MiB)",
    `${largeBodiesRss.toFixed(0)} MiB`,
    largeBodiesRss <= smallBodiesRss + 32,
  );
}
