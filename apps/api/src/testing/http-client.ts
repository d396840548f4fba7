import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { sessionCookieName } from "../identity/session-token.js";

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json(): unknown;
}

export interface RawRequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Source address: 127.0.0.2 and 127.0.0.3 are loopback too, to play two different clients. */
  readonly localAddress?: string;
  /** Trusted CA for HTTPS (the test's own self-signed certificate). */
  readonly ca?: Buffer;
}

/** A plain HTTP(S) request over node:http, so that tests control every header and the source address. */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  // The path exactly as written (`/a/../b`, `//b`): a URL object would normalise it first.
  const path = url.slice(target.origin.length) || "/";
  return new Promise((resolve, reject) => {
    const request = send(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ""),
        port: target.port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: options.localAddress,
        ca: options.ca,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** The `Set-Cookie` line of the response that sets cookie `name`, or "" when none does. */
export function setCookieLine(response: RawResponse, name: string): string {
  const setCookie = response.headers["set-cookie"] ?? [];
  const lines = Array.isArray(setCookie) ? setCookie : [setCookie];
  return lines.find((line) => line.startsWith(`${name}=`)) ?? "";
}

/**
 * Keeps the session cookie between requests, as a browser would, and exposes a fetch for the
 * typed tRPC client that goes through rawRequest (source address included).
 */
export function createCookieJar(defaults: Pick<RawRequestOptions, "localAddress"> = {}) {
  let session: string | undefined;
  const jar = {
    get session() {
      return session;
    },
    set session(value: string | undefined) {
      session = value;
    },
    remember(response: RawResponse) {
      const setCookie = response.headers["set-cookie"] ?? [];
      for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
        const [pair = "", ...attributes] = line.split(";");
        const [name, value = ""] = pair.split("=");
        if (name?.trim() !== sessionCookieName) continue;
        const expired = attributes.some((attribute) =>
          /expires=thu, 01 jan 1970/i.test(attribute.trim()),
        );
        session = value && !expired ? value : undefined;
      }
    },
    async request(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
      const headers = {
        ...options.headers,
        ...(session ? { cookie: `${sessionCookieName}=${session}` } : {}),
      };
      const response = await rawRequest(url, { ...defaults, ...options, headers });
      jar.remember(response);
      return response;
    },
    fetch: async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const response = await jar.request(String(input), {
        method: init?.method ?? "GET",
        headers,
        ...(typeof init?.body === "string" ? { body: init.body } : {}),
      });
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        for (const each of Array.isArray(value) ? value : value === undefined ? [] : [value])
          responseHeaders.append(name, each);
      }
      return new Response(response.text, { status: response.status, headers: responseHeaders });
    },
  };
  return jar;
}

export type CookieJar = ReturnType<typeof createCookieJar>;
