import { createHash } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the stand-in upstream received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** Bytes of the body received so far, and their SHA-256 once it has ended. */
  bytes: number;
  sha256: string | undefined;
  /** The body itself, up to its first 64 KiB (a big one is known by length and digest). */
  body: Buffer;
}

/**
 * How the stand-in answers: called as a request arrives, with its record (which fills as the
 * body streams in) and a promise of the body's end.
 */
export type Answer = (
  request: IncomingMessage,
  response: ServerResponse,
  recorded: RecordedRequest,
  bodyEnded: Promise<void>,
) => void;

export interface RecordingUpstream {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Sets how the following requests are answered; by default 200 with a JSON echo. */
  answer(answer: Answer): void;
  close(): Promise<void>;
}

const keptBodyBytes = 64 * 1024;

/** 200 `{ method, url }` once the body has arrived. */
export const echo: Answer = (request, response, _recorded, bodyEnded) => {
  void bodyEnded.then(() => {
    response.writeHead(200, { "content-type": "application/json", "x-upstream": "stand-in" });
    response.end(JSON.stringify({ method: request.method, url: request.url }));
  });
};

/** Never answers: the gateway's timeout must. */
export const stall: Answer = () => undefined;

/** Drops the connection before any answer. */
export const resetBeforeAnswer: Answer = (request) => {
  request.socket.destroy();
};

/** Sends the status and part of a body, then drops the connection. */
export const resetMidAnswer: Answer = (request, response) => {
  response.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": 1_000_000,
  });
  response.write(Buffer.alloc(64 * 1024, 1), () => request.socket.destroy());
};

/** A page, as Pyroscope's UI would serve it. */
export function htmlPage(title: string): Answer {
  return (request, response, _recorded, bodyEnded) => {
    void bodyEnded.then(() => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(
        // An icon of its own (none): else the browser asks the host's root for /favicon.ico,
        // which under a path (base-url) is another site's.
        `<!doctype html><title>${title}</title><link rel="icon" href="data:,"><h1>${title}</h1><p id="url">${request.url ?? ""}</p>`,
      );
    });
  };
}

/**
 * A stand-in for the Pyroscope server behind the gateway: a real HTTP server on 127.0.0.1 that
 * records every request (headers, body length and digest) and answers as the test says.
 */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  let current: Answer = echo;
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const recorded: RecordedRequest = {
      method: request.method ?? "",
      url: request.url ?? "",
      headers: request.headers,
      bytes: 0,
      sha256: undefined,
      body: Buffer.alloc(0),
    };
    requests.push(recorded);
    const hash = createHash("sha256");
    const kept: Buffer[] = [];
    const bodyEnded = new Promise<void>((resolve) => {
      request.on("data", (chunk: Buffer) => {
        hash.update(chunk);
        if (recorded.bytes < keptBodyBytes)
          kept.push(chunk.subarray(0, keptBodyBytes - recorded.bytes));
        recorded.bytes += chunk.length;
      });
      request.on("end", () => {
        recorded.sha256 = hash.digest("hex");
        recorded.body = Buffer.concat(kept);
        resolve();
      });
      request.on("error", () => resolve());
    });
    current(request, response, recorded, bodyEnded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(answer) {
      current = answer;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
