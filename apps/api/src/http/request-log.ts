import { loggableError } from "@pyroscope-auth/db";
import { type FastifyReply, type FastifyRequest, LogController } from "fastify";

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
      ip: request.clientIp,
    };
    if (error) reply.log.error({ ...line, error: loggableError(error) }, "request");
    else reply.log.info(line, "request");
  }
}
