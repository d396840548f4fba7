import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { loginPageBudget } from "./vite-plugins/login-page-budget.ts";

/** Libraries loaded by some pages only, kept out of the vendor chunk every page loads. */
const lazyLibraries = ["@zxcvbn-ts", "qrcode", "dijkstrajs"];

/** Where `pnpm dev` finds the API (scripts/dev.mjs starts it there, per pyroscope.quickstart.yml). */
const apiOrigin = process.env.PYROSCOPE_API_ORIGIN ?? "http://127.0.0.1:4040";

export default defineConfig(({ command }) => ({
  // apps/api serves the app under /auth/, out of the way of the Pyroscope server it guards, and
  // under its base-url behind a proxy: the build refers to its assets relatively (chunks import
  // and preload each other by their own URL), and apps/api writes index.html's addresses.
  base: command === "build" ? "./" : "/auth/",
  plugins: [react(), loginPageBudget({ pageDir: "/src/routes/login/", limitKb: 150 })],
  server: {
    // The Host header stays the dev server's, so the API sees same-origin mutations (CSRF check).
    proxy: { "/auth/trpc": { target: apiOrigin } },
  },
  build: {
    target: "es2022",
    // Every browser this targets supports modulepreload; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: their own long-cached chunk. What only some
        // pages load stays out of it: the big common-passwords list (the pages that choose a
        // password) and the QR code drawing (setting up two-factor authentication).
        codeSplitting: {
          groups: [
            {
              name: "vendor",
              test: (id) =>
                /[\\/]node_modules[\\/]/.test(id) &&
                !lazyLibraries.some((name) => id.includes(`/node_modules/${name}/`)),
            },
          ],
        },
      },
    },
  },
}));
