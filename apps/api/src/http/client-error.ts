import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { refusalBody } from "./error-shape.js";

/** Node's reasons for a request it refuses before Fastify sees it, in our words. */
function refusal(code: string | undefined): { status: number; message: string } {
  if (code === "HPE_HEADER_OVERFLOW")
    return { status: 431, message: "the request's headers or URL are too large" };
  if (code === "ERR_HTTP_REQUEST_TIMEOUT")
    return { status: 408, message: "the request took too long to arrive" };
  return { status: 400, message: "the request is not valid HTTP" };
}

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refuses (headers or URL too large, a
 * request that did not arrive in time, malformed HTTP) answered in the contract's error shape
 * like every other refusal, rather than Fastify's own body, and the connection closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Gone, or an answer already under way on this connection: nothing more can be said.
  if (
    error.code === "ECONNRESET" ||
    !socket.writable ||
    (socket as { bytesWritten?: number }).bytesWritten
  ) {
    socket.destroy();
    return;
  }
  const { status, message } = refusal(error.code);
  const body = JSON.stringify(refusalBody(status, [message]));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
