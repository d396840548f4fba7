import { loggableError } from "@pyroscope-auth/db";
import { type FastifyReply, type FastifyRequest, LogController } from "fastify";
import { normalizeIp } from "./http-exchange.js";

/**
 * One log line per request, written when it completes: method, path, status, time, client.
 * The path only: a query string may carry input, and headers (cookies, keys) are never logged.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      path: request.url.split("?")[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      // Unset when Fastify refused the request before its hooks (a URL it cannot decode).
      ip: request.clientIp || normalizeIp(request.ip),
    };
    if (error) reply.log.error({ ...line, error: loggableError(error) }, "request");
    else reply.log.info(line, "request");
  }
}
