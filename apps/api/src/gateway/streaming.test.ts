import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RecordingUpstream, startRecordingUpstream } from "../testing/recording-upstream.js";
import { type ServerProcess, startServerProcess } from "../testing/server-process.js";

// Bodies stream through the gateway both ways (the built server): a 20 MiB upload and a 20 MiB
// answer each flow on before their sender has finished, byte for byte; an upstream that stops
// reading stops the client (backpressure), and the memory an answer takes does not grow with it
// (a 100 MiB one after the first adds almost nothing: the first large transfer grows the heap
// once, whatever its size, so growth is measured on the second).

const MiB = 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 7);
const flatKiB = 16 * 1024;

let upstream: RecordingUpstream;
let server: ServerProcess;

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  server = await startServerProcess({
    flags: [`--gateway.upstream-url=${upstream.url}`],
  });
});
afterAll(async () => {
  await server.stop();
  await upstream.close();
});

/** The server's peak resident memory while `act` runs, less what it held before. */
async function rssGrowthKiB(act: () => Promise<void>): Promise<number> {
  const before = server.resources().rssKiB;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, server.resources().rssKiB);
  }, 5);
  try {
    await act();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, server.resources().rssKiB) - before;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Writes `bytes` in 64 KiB chunks, minding backpressure; `onChunk` sees each one written. */
function writeChunks(
  stream: NodeJS.WritableStream,
  bytes: number,
  onChunk: (data: Buffer) => void = () => undefined,
): Promise<void> {
  return new Promise((resolve) => {
    let left = bytes;
    const more = () => {
      while (left > 0) {
        left -= chunk.length;
        onChunk(chunk);
        if (!stream.write(chunk)) return void stream.once("drain", more);
      }
      resolve();
    };
    more();
  });
}

/** POSTs `bytes` to /ingest; `midway` runs after the first half is written. */
function upload(
  bytes: number,
  onChunk?: (data: Buffer) => void,
  midway: () => Promise<void> = async () => undefined,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}/ingest?name=big.cpu`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", "content-length": bytes },
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    void (async () => {
      await writeChunks(request, bytes / 2, onChunk);
      await midway();
      await writeChunks(request, bytes / 2, onChunk);
      request.end();
    })();
  });
}

/** GETs a page and reads its answer to the end; `onData` sees every chunk. */
async function download(onData: (data: Uint8Array) => void): Promise<void> {
  const response = await fetch(`${server.url}/ready`);
  expect(response.status).toBe(200);
  const reader = response.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) return;
    onData(next.value);
  }
}

describe("streaming through the gateway", () => {
  it("passes an upload on as it arrives, byte for byte", async () => {
    const sent = createHash("sha256");
    const status = await upload(
      20 * MiB,
      (data) => sent.update(data),
      () =>
        // Half of the body is still with the client, and the upstream already has part of it.
        until(() => (upstream.requests.at(-1)?.bytes ?? 0) >= MiB),
    );
    expect(status).toBe(200);
    const received = upstream.requests.at(-1);
    expect(received?.bytes).toBe(20 * MiB);
    expect(received?.sha256).toBe(sent.digest("hex"));
  });

  it("holds no more of an upload than the upstream takes: a stalled reader stalls the client", async () => {
    let resume: () => void = () => undefined;
    upstream.answer((request, response, _recorded, bodyEnded) => {
      request.pause();
      resume = () => request.resume();
      void bodyEnded.then(() => response.writeHead(200).end());
    });
    let written = 0;
    const answered = upload(96 * MiB, (data) => {
      written += data.length;
    });
    await until(() => upstream.requests.at(-1)?.url.startsWith("/ingest") === true && written > 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Only the sockets' own buffers fill while the upstream reads nothing: a gateway that held
    // the body would have taken all of it. Those buffers are the kernel's to size (a loopback
    // receive buffer grows to tcp_rmem's maximum, 32 MiB here; 15 MiB have been seen filled).
    expect(written).toBeLessThan(48 * MiB);
    resume();
    expect(await answered).toBe(200);
    expect(upstream.requests.at(-1)?.bytes).toBe(96 * MiB);
  });

  it("passes an answer on as it arrives, in memory that does not grow with it", async () => {
    let clientHasData: () => void = () => undefined;
    let size = 20 * MiB;
    const sent = createHash("sha256");
    upstream.answer((_request, response, _recorded, bodyEnded) => {
      const firstChunkSeen = new Promise<void>((resolve) => {
        clientHasData = resolve;
      });
      void (async () => {
        await bodyEnded;
        response.writeHead(200, { "content-type": "application/octet-stream" });
        const record = (data: Buffer) => (size === 20 * MiB ? sent.update(data) : undefined);
        await writeChunks(response, MiB, record);
        // The rest only once the client has the start: a gateway that held it would wait forever.
        await firstChunkSeen;
        await writeChunks(response, size - MiB, record);
        response.end();
      })();
    });
    const got = createHash("sha256");
    let bytes = 0;
    await download((data) => {
      got.update(data);
      bytes += data.length;
      clientHasData();
    });
    expect(bytes).toBe(20 * MiB);
    expect(got.digest("hex")).toBe(sent.digest("hex"));

    size = 100 * MiB;
    bytes = 0;
    const growth = await rssGrowthKiB(() =>
      download((data) => {
        bytes += data.length;
        clientHasData();
      }),
    );
    expect(bytes).toBe(100 * MiB);
    expect(growth).toBeLessThan(flatKiB);
  });
});
