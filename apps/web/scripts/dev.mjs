#!/usr/bin/env node
// `pnpm dev`: the built API (pyroscope.quickstart.yml, as `npm start`) plus Vite with HMR, which
// proxies /auth/trpc to it. turbo builds the API first (the dev task depends on ^build); the API
// restarts whenever its dist changes, e.g. after `pnpm --filter @pyroscope-auth/api build`.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const webRoot = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const api = "http://127.0.0.1:4040";

async function apiIsUp() {
  try {
    return (await fetch(`${api}/healthz`)).ok;
  } catch {
    return false;
  }
}

// An API already running there (say `npm start` in another terminal) is used as it is.
const child = (await apiIsUp())
  ? undefined
  : spawn(
      process.execPath,
      [
        "--watch-path=apps/api/dist",
        "apps/api/dist/main.js",
        "--config",
        "pyroscope.quickstart.yml",
      ],
      { cwd: repoRoot, stdio: "inherit" },
    );

const vite = await createServer({ root: webRoot, configFile: `${webRoot}vite.config.ts` });
await vite.listen();
vite.printUrls();
vite.bindCLIShortcuts({ print: true });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  child?.kill("SIGTERM");
  await vite.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child?.on("exit", (code) => {
  if (!stopping)
    console.error(`API exited (${code}); Vite keeps running, restart pnpm dev to retry.`);
});
