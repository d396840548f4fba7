import { describe, expect, it } from "vitest";
import { webIndexHtml } from "./web-index.js";

const built = `<!doctype html>
<html lang="en">
  <head>
    <link rel="icon" type="image/svg+xml" href="./favicon.svg" />
    <script type="module" crossorigin src="./assets/index-1.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/index-2.css">
    <link rel="canonical" href="https://example.com/./x">
  </head>
  <body><div id="root"></div></body>
</html>`;

describe("webIndexHtml", () => {
  it("makes the build's relative addresses absolute under /auth/, and names no base at the root", () => {
    const html = webIndexHtml(built, "");
    expect(html).toContain('href="/auth/favicon.svg"');
    expect(html).toContain('src="/auth/assets/index-1.js"');
    expect(html).toContain('href="/auth/assets/index-2.css"');
    expect(html).toContain('href="https://example.com/./x"');
    expect(html).not.toContain('="./');
    expect(html).toContain('<meta name="pyroscope-auth-base" content="" />\n  </head>');
  });

  it("puts them under the base path, and names it for the app", () => {
    const html = webIndexHtml(built, "/tools/pyroscope");
    expect(html).toContain('src="/tools/pyroscope/auth/assets/index-1.js"');
    expect(html).toContain('href="/tools/pyroscope/auth/favicon.svg"');
    expect(html).toContain('<meta name="pyroscope-auth-base" content="/tools/pyroscope" />');
  });
});
