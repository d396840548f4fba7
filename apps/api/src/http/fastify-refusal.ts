import type { FastifyError } from "fastify";
import { jsonBodyNeeded, refusalBody } from "./error-shape.js";

/** Our words for a refusal; Fastify's own quote the URL back or name its internals. */
function refusalMessage(error: FastifyError, status: number, bodyLimit: number): string {
  if (status >= 500) return "internal server error";
  if (status === 413) return `the request body is larger than ${bodyLimit / 1024} KiB`;
  // A Content-Type header Fastify cannot even parse: the same words as any other non-JSON body.
  if (status === 415) return jsonBodyNeeded;
  if (status === 414) return "the request's URL is too long";
  if (error.code === "FST_ERR_BAD_URL") return "the request's URL is not valid";
  return error.message;
}

/**
 * What Fastify refuses before tRPC runs (a body over the limit, a Content-Type or URL it cannot
 * parse), answered in the contract's error shape like every tRPC error.
 */
export function fastifyRefusal(error: FastifyError, bodyLimit: number) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  const message = refusalMessage(error, status, bodyLimit);
  return { status, body: refusalBody(status, [message]) };
}
