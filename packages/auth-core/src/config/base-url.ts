/** One path segment a proxy can route on without encoding: RFC 3986 unreserved characters. */
const segment = /^[A-Za-z0-9._~-]+$/;

/**
 * The path under which browsers reach this server through a proxy that strips it (the
 * original's `base-url`: `/pyroscope/`, or a whole URL such as `https://example.com/pyroscope/`,
 * of which only the path counts). Yields it without its trailing slash (`/pyroscope`), `""` for
 * the root, and undefined for what is no such path: a query, a fragment, `.`/`..`, an empty or
 * encoded segment, a URL that is not http(s).
 */
export function basePathOf(value: string): string | undefined {
  const text = value.trim();
  if (text === "" || text === "/") return "";
  let path = text;
  if (!text.startsWith("/")) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    if (url.username || url.password || url.search || url.hash || /[?#]/.test(text))
      return undefined;
    path = url.pathname;
  }
  const segments = path.replace(/\/$/, "").split("/").slice(1);
  if (segments.length === 0 || (segments.length === 1 && segments[0] === "")) return "";
  const fine = segments.every((each) => segment.test(each) && each !== "." && each !== "..");
  return fine ? `/${segments.join("/")}` : undefined;
}
