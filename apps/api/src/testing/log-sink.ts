import { Writable } from "node:stream";

/** A stream to give the server as its log, keeping each line for the test to read. */
export function createLogSink(): { readonly stream: Writable; readonly lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}
