import { spawn } from "node:child_process";
import autocannon from "autocannon";
import { startServerProcess } from "/work/main/apps/api/dist/testing/index.js";

const prof = process.argv[2] === "prof";
const up = spawn(process.execPath, ["/work/main/apps/api/dist/bench/stand-in-upstream.js"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const upstream = await new Promise((r) => up.stdout.once("data", (d) => r(d.toString().trim())));
const server = await startServerProcess({
  flags: [
    "--auth.internal.admin.password=bench-admin-passphrase",
    `--gateway.upstream-url=${upstream}`,
    "--auth.ingestion.enabled",
  ],
  nodeOptions: prof ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof/get"] : [],
});
const login = await fetch(`${server.url}/auth/trpc/auth.login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ username: "admin", password: "bench-admin-passphrase" }),
});
const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
const run = (url) => autocannon({ url, headers: { cookie }, connections: 16, duration: 5 });
await run(`${server.url}/explore?from=now-1h`);
const via = await run(`${server.url}/explore?from=now-1h`);
const me = await run(`${server.url}/auth/trpc/user.me`);
console.log(
  "gateway GET",
  via["2xx"] / 5,
  "/s; user.me",
  me["2xx"] / 5,
  "/s ratio",
  (via["2xx"] / me["2xx"]).toFixed(2),
);
await server.stop("SIGTERM");
up.kill();
