#!/usr/bin/env node
// The two README commands. `npm start` and `npm test` must work on a machine that has only
// Node.js 20 and npm, so this script fetches the pinned pnpm into .tools/ (no global install,
// no corepack: its signature check fails here), installs the workspace, then starts or tests.
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findReports, summarize } from "./test-reports.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const task = process.argv[2];
const passThrough = process.argv.slice(3);

const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, "");
const toolsDir = join(root, ".tools");

const env = { ...process.env };
// pnpm 12 does not hand npm's nodedir to node-gyp; without it sqlite3 tries to download headers.
if (!env.npm_config_nodedir && existsSync("/usr/include/node/node.h")) {
  env.npm_config_nodedir = "/usr";
}
env.PATH = `${join(toolsDir, "node_modules", ".bin")}:${env.PATH ?? ""}`;
// turbo's first run prints a telemetry notice; nothing is sent from here.
env.TURBO_TELEMETRY_DISABLED = "1";

function step(title) {
  console.log(`\n▶ ${title}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function mustRun(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`✖ ${command} ${args.join(" ")} exited with ${status}`);
    process.exit(status);
  }
}

/**
 * Runs a step with its output in .tools/<log>, showing one line for it (and, should it fail, the
 * end of that output and where the rest is): an install's compiler warnings are not news.
 */
function quietly(title, command, args, log) {
  mkdirSync(toolsDir, { recursive: true });
  const path = join(toolsDir, log);
  console.log(`▶ ${title} (output in .tools/${log})`);
  const started = Date.now();
  const fd = openSync(path, "w");
  const status = run(command, args, { stdio: ["ignore", fd, fd] });
  closeSync(fd);
  if (status !== 0) {
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    console.error(lines.slice(-40).join("\n"));
    console.error(`✖ ${title} failed (exit ${status}); the whole output is in ${path}`);
    process.exit(status);
  }
  console.log(`✔ ${title} (${Math.round((Date.now() - started) / 1000)} s)`);
}

function ensurePnpm() {
  const manifest = join(toolsDir, "node_modules", "pnpm", "package.json");
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === pnpmVersion) {
    return;
  }
  step(`Fetching pnpm ${pnpmVersion} into .tools/`);
  mustRun("npm", [
    "install",
    "--prefix",
    toolsDir,
    "--no-save",
    "--no-package-lock",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    `pnpm@${pnpmVersion}`,
  ]);
}

function install() {
  // The first install compiles sqlite3 from source: about a minute.
  quietly(
    "Installing dependencies (pnpm install --frozen-lockfile; the first time about a minute)",
    "pnpm",
    ["install", "--frozen-lockfile"],
    "install.log",
  );
}

/**
 * Real servers the tests drive, from Debian's packages: Chromium for the browser tests (never a
 * downloaded browser), nginx and Caddy for the forward-auth tests, PostgreSQL for the database
 * tests on a throwaway cluster. Missing ones are installed with apt-get in one go; none of them
 * is started here (the tests start their own).
 */
const debianPackages = [
  { name: "chromium", binary: "/usr/bin/chromium" },
  { name: "nginx", binary: "/usr/sbin/nginx" },
  { name: "caddy", binary: "/usr/bin/caddy" },
  // Debian's folder is named for the major version, which each release moves on.
  { name: "postgresql", binary: "/usr/lib/postgresql/*/bin/initdb" },
];

/** Whether `path` exists; a `*` stands for any one folder name. */
function installed(path) {
  const star = path.indexOf("*");
  if (star === -1) return existsSync(path);
  const parent = path.slice(0, star);
  const rest = path.slice(star + 1);
  return (
    existsSync(parent) && readdirSync(parent).some((entry) => installed(`${parent}${entry}${rest}`))
  );
}

function ensureTestServers() {
  const missing = debianPackages.filter(({ binary }) => !installed(binary)).map(({ name }) => name);
  if (missing.length === 0) return;
  step(`Installing ${missing.join(", ")} from Debian (apt-get install -y ${missing.join(" ")})`);
  const prefix = process.getuid?.() === 0 ? [] : ["sudo"];
  const aptGet = (...args) => {
    const [command, ...rest] = [...prefix, "apt-get", ...args];
    return run(command, rest, { env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
  };
  if (
    aptGet("update") !== 0 ||
    aptGet("install", "-y", "--no-install-recommends", ...missing) !== 0
  ) {
    console.error(`✖ could not install ${missing.join(", ")}; the tests need them`);
    process.exit(1);
  }
}

function start() {
  ensurePnpm();
  install();
  quietly("Building", "pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], "build.log");
  step("Starting the server");
  mustRun("node", [
    "apps/api/dist/main.js",
    "--config",
    "pyroscope.quickstart.yml",
    ...passThrough,
  ]);
}

function test() {
  ensurePnpm();
  install();
  ensureTestServers();
  for (const report of findReports(root)) rmSync(report, { force: true });
  step("Lint, build and typecheck every package (turbo)");
  const checked = run("pnpm", ["turbo", "run", "lint", "build", "typecheck", "--continue"]);
  // One package's tests at a time: several suites start servers and measure timings or memory,
  // which two cores shared with another package's tests would make noise of.
  step("Test every package, one at a time (turbo)");
  const tested = run("pnpm", ["turbo", "run", "test", "--concurrency=1", "--continue"]);
  const status = checked !== 0 ? checked : tested;
  const summary = summarize(root);
  process.exit(status !== 0 ? status : summary);
}

if (task === "start") start();
else if (task === "test") test();
else {
  console.error("usage: node tooling/scripts/run.mjs <start|test> [args...]");
  process.exit(2);
}
