// A short workload profiled by the real @pyroscope/nodejs agent, pushing to the server named on
// the command line. Every push it makes is reported on stdout as one JSON line (status and the
// body's SHA-256), so that a test can compare what the agent sent with what the upstream got.
// usage: node profiled-workload.mjs <server-url> <none|bearer|basic> [key]
import { createHash } from "node:crypto";
import Pyroscope from "@pyroscope/nodejs";

const [serverAddress, credential = "none", key = ""] = process.argv.slice(2);

const sendThrough = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const body = Buffer.from(init?.body ?? new Uint8Array());
  const response = await sendThrough(input, init);
  const url = new URL(String(input));
  process.stdout.write(
    `${JSON.stringify({
      path: url.pathname,
      query: url.search,
      status: response.status,
      bytes: body.length,
      sha256: createHash("sha256").update(body).digest("hex"),
    })}\n`,
  );
  return response;
};

// The agent may start a profiling round just as it is stopped (its timer had fired, the round was
// waiting for its turn); that round throws "… profiler is not started" (or "not enabled") and
// has nothing to push.
process.on("unhandledRejection", (error) => {
  if (!/profiler is not (started|enabled)/.test(String(error))) throw error;
});

Pyroscope.init({
  serverAddress,
  appName: "gateway-agent-test",
  flushIntervalMs: 400,
  ...(credential === "bearer" ? { authToken: key } : {}),
  ...(credential === "basic" ? { basicAuthUser: "agent", basicAuthPassword: key } : {}),
});
// The wall (CPU) profiler only: it pushes on every flush; heap profiles add nothing to the test.
Pyroscope.startWallProfiling();

let sink = 0;
const until = Date.now() + 1_000;
while (Date.now() < until) {
  for (let i = 0; i < 100_000; i++) sink += Math.sqrt(i);
  await new Promise((resolve) => setImmediate(resolve));
}
await Pyroscope.stopWallProfiling();
// Exit rather than wait for the event loop to empty: a round caught between its timer and its
// setImmediate re-arms the agent's flush timer after stop, and the process would never end.
// stdout is a pipe, written synchronously on Linux, so no push line is lost.
process.exit(sink > 0 ? 0 : 1);
