import { createServer } from "node:net";

/** `:4040` → all interfaces; `127.0.0.1:4040`, `[::1]:4040`, `localhost:4040` as written. */
export function parseListenAddress(httpAddr: string): { host: string; port: number } {
  const colon = httpAddr.lastIndexOf(":");
  const host = httpAddr.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { host: host || "0.0.0.0", port: Number(httpAddr.slice(colon + 1)) };
}

/** The URL a person on this machine would open. */
export function localUrl(host: string, port: number, tls: boolean): string {
  const shown =
    host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `${tls ? "https" : "http"}://${shown}:${port}`;
}

/** Binds the address and lets it go at once, so that start-up can refuse it before any work. */
export function checkListenable(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen({ host, port }, () => probe.close(() => resolve()));
  });
}
