/** The meta tag the web app reads its base path from (apps/web return-target.ts). */
const baseMeta = "pyroscope-auth-base";

/**
 * The web app's index.html as served under `basePath` (config `base-url`, "" at the root): the
 * build names its files relatively (`./assets/…`), which a page deeper than /auth/ would
 * resolve wrongly, so each becomes absolute under `<base path>/auth/`; and the base path is
 * named for the app's links, API calls and returns. The base path holds only URL-safe
 * characters (auth-core basePathOf), so it needs no escaping in HTML.
 */
export function webIndexHtml(built: string, basePath: string): string {
  return built
    .replace(/(src|href)="\.\//g, `$1="${basePath}/auth/`)
    .replace("</head>", `  <meta name="${baseMeta}" content="${basePath}" />\n  </head>`);
}
