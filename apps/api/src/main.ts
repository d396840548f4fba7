#!/usr/bin/env node
// Entry point: config → database → server → listen. The only module with side effects.
import { readFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { createSecureContext } from "node:tls";
import { fileURLToPath } from "node:url";
import { ConfigError, configHelp, loadConfig, printConfig } from "@pyroscope-auth/auth-core";
import { loggableError } from "@pyroscope-auth/db";
import { checkStartConfig, createAppServices } from "./app-services.js";
import { checkListenable, localUrl, parseListenAddress } from "./http/listen-address.js";
import { cookiesSecure } from "./identity/session-cookie.js";
import { createLogOutput } from "./log-output.js";
import { readableLine } from "./log-readable.js";
import { createServer } from "./server.js";
import { keepRequestsYoung } from "./young-requests.js";

const usage = `usage: node apps/api/dist/main.js [--config FILE] [--<config key>=<value> ...] [--print-config]

Starts the pyroscope-auth server. Every config key can be given as a flag, e.g.
  --auth.internal.enabled --auth.internal.signup-enabled=true --api-bind-addr=127.0.0.1:4040
or as its PYROSCOPE_* environment variable, or in the YAML file named by --config (flags win
over variables, variables over the file). The keys:

${configHelp()}`;

function printWarnings(warnings: readonly string[]) {
  for (const warning of warnings) process.stderr.write(`pyroscope-auth: warning: ${warning}\n`);
}

function fail(message: string, code: number): never {
  process.stderr.write(`pyroscope-auth: ${message}\n`);
  process.exit(code);
}

/**
 * --help and --print-config: written at once, and one line if standard output cannot take it
 * (process.stdout threw an unhandled error event, with its stack, at a full disk).
 */
function printOut(text: string) {
  const bytes = Buffer.from(text);
  try {
    // A short write is followed by one that says why (a disk that has just filled up).
    for (let written = 0; written < bytes.length; ) written += writeSync(1, bytes, written);
  } catch (error) {
    fail(`cannot write to standard output (${(error as NodeJS.ErrnoException).code})`, 1);
  }
}

function readTlsFile(key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return fail(`${key}: cannot read ${JSON.stringify(path)}`, 1);
  }
}

/** The server's log lines; waited for (a little) before the process exits. */
// JSON lines for a log collector; at a terminal, lines a person can read.
const logOutput = createLogOutput(process.stdout.isTTY ? { format: readableLine } : {});
const logFlushMs = 2_000;

/**
 * Ends the process once its log is written, or after 2 s. Node's exit waits for every thread,
 * and the log's writer may be stuck in a write that does not end (a terminal or a blocking pipe
 * that nobody reads): then the process ends by the default action of a signal instead, the
 * database closed by then. That is `signal` for a stop it was asked for, and SIGKILL for a
 * failure, so that a supervisor does not take a failed start for a clean stop.
 */
async function exitAfterLog(code: number, signal?: NodeJS.Signals): Promise<void> {
  if (await logOutput.drained(logFlushMs)) process.exit(code);
  const ending = code === 0 && signal ? signal : "SIGKILL";
  process.removeAllListeners(ending);
  process.kill(process.pid, ending);
}

async function main() {
  keepRequestsYoung();
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig({ argv: process.argv.slice(2) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    printWarnings(error.warnings);
    fail(error.message, 2);
  }
  const { config, rest, warnings, notices } = loaded;
  if (rest.includes("--help") || rest.includes("-h")) {
    printOut(`${usage}\n`);
    return;
  }
  const unknown = rest.find((argument) => argument !== "--print-config");
  // The name only: the value of a mistyped `--auth.internal.admin.passwrd=…` is a secret.
  if (unknown !== undefined)
    fail(`unknown argument ${JSON.stringify(unknown.replace(/=.*/s, "=…"))} (see --help)`, 2);
  if (rest.includes("--print-config")) {
    printWarnings(warnings);
    // A config that a start would refuse is not shown as if it were good.
    try {
      checkStartConfig(config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      fail(error.message, 2);
    }
    printOut(`${printConfig(config)}\n`);
    return;
  }

  const certFile = config["tls-certificate-file"];
  const keyFile = config["tls-key-file"];
  const tls =
    certFile && keyFile
      ? {
          cert: readTlsFile("tls-certificate-file", certFile),
          key: readTlsFile("tls-key-file", keyFile),
        }
      : undefined;
  if (tls) {
    // Checked before the database is touched, so a bad pair leaves nothing behind.
    try {
      createSecureContext(tls);
    } catch (error) {
      fail(
        `tls-certificate-file and tls-key-file: not a matching PEM certificate and key (${(error as Error).message})`,
        2,
      );
    }
  }

  // A taken or unknown address is refused before the database is created or opened.
  const { host, port } = parseListenAddress(config["api-bind-addr"]);
  await checkListenable(host, port).catch((error: Error) =>
    fail(`cannot listen on ${config["api-bind-addr"]}: ${error.message}`, 1),
  );

  const started = performance.now();
  let opened: Awaited<ReturnType<typeof createAppServices>>;
  try {
    opened = await createAppServices(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Such as a ${VAR} left unset in the config file: likely the reason for the error.
    printWarnings(warnings);
    fail(error.message, 2);
  }
  const webRoot = join(dirname(fileURLToPath(import.meta.url)), "../../web/dist");
  const { app, servingWeb } = await createServer({
    services: opened.services,
    webRoot,
    tls,
    logger: {
      level: config["log-level"],
      stream: logOutput,
      redact: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'],
    },
  }).catch(async (error: unknown) => {
    await opened.close();
    throw error;
  });
  const log = app.log;
  for (const notice of notices) log.info(notice);
  if (opened.migration.applied.length > 0)
    log.info({ migrations: opened.migration.applied }, "database migrated");
  if (opened.migration.adminCreated)
    log.info(`built-in admin ${JSON.stringify(config["auth.internal.admin.name"])} created`);
  for (const warning of [
    ...warnings,
    ...opened.migration.warnings,
    ...opened.services.deps.database.warnings(),
  ])
    log.warn(warning);
  if (!servingWeb)
    log.warn(`no web app build in ${webRoot}: serving the API only (run the build first)`);
  const upstream = config["gateway.upstream-url"];
  if (upstream !== "") {
    log.info(
      `gateway: every path outside /auth/ and /healthz goes to ${upstream} after the route policy`,
    );
    if (!config["auth.ingestion.enabled"])
      log.warn(
        `ingestion authentication is off (auth.ingestion.enabled: false): anyone who reaches this server can push profiles to ${upstream}`,
      );
    if (!config["auth.internal.enabled"])
      log.warn(
        `internal authentication is off (auth.internal.enabled: false): anyone who reaches this server uses ${upstream} as an Admin`,
      );
  }
  if (!config["auth.internal.enabled"]) {
    log.warn(
      "internal authentication is off (auth.internal.enabled: false): the API asks nobody to sign in, and account procedures are refused",
    );
  } else {
    if (config["auth.internal.signup-enabled"] && config["auth.signup-default-role"] === "Admin")
      log.warn(
        "self sign-up is on and makes new accounts Admins (auth.signup-default-role: Admin): anyone who reaches the server can administer it",
      );
    if (!tls)
      log.warn(
        "plain HTTP with internal authentication on: passwords cross the network in clear text; configure tls-certificate-file and tls-key-file",
      );
    if (!cookiesSecure(config))
      log.warn("session cookies are not marked Secure (auth.cookie-secure: false)");
  }

  try {
    await app.listen({ host, port });
  } catch (error) {
    process.stderr.write(
      `pyroscope-auth: cannot listen on ${config["api-bind-addr"]}: ${(error as Error).message}\n`,
    );
    await opened.close();
    await exitAfterLog(1);
    return;
  }
  const address = app.server.address();
  const url = localUrl(
    host,
    typeof address === "object" && address ? address.port : port,
    Boolean(tls),
  );
  log.info(
    { url, startupMs: Math.round(performance.now() - started) },
    `pyroscope-auth is ready at ${url}`,
  );
  if (config["auth.internal.enabled"] && opened.migration.warnings.length > 0) {
    log.info(
      `open ${url}/auth/login and sign in as the built-in admin (default admin / admin), then change its password`,
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return void exitAfterLog(1, signal);
    stopping = true;
    log.info(`${signal}: finishing in-flight requests, then closing the database`);
    void app
      .close()
      .then(() => opened.close())
      .then(
        () => 0,
        (error: unknown) => {
          log.error({ error: loggableError(error) }, "shutdown failed");
          return 1;
        },
      )
      .then((code) => exitAfterLog(code, signal));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch(async (error: unknown) => {
  // Database errors quote their SQL with the values in it (a hash, the JWT secret): not those.
  process.stderr.write(`pyroscope-auth: failed to start: ${loggableError(error).message}\n`);
  await exitAfterLog(1);
});
