import type { IncomingHttpHeaders } from "node:http";

/** Per-hop headers of the upstream's answer: they describe its connection to us, not ours. */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "trailer",
  "te",
]);

export function downstreamHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) out[name] = value;
  }
  return out;
}

/**
 * Our words for an upstream that did not answer: 504 when it stalled past `gateway.timeout`
 * (before its headers, or while connecting), 502 for anything else (refused, reset, unknown
 * host). An answer already under way when the upstream fails is cut off instead: its status
 * has been sent.
 */
export function upstreamFailure(error: { statusCode?: number }): {
  status: 502 | 504;
  message: string;
} {
  return error.statusCode === 504
    ? { status: 504, message: "the upstream Pyroscope server did not answer in time" }
    : { status: 502, message: "the upstream Pyroscope server is unavailable" };
}
