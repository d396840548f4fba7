import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { FastifyReply, FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { HttpExchange, normalizeIp } from "./http-exchange.js";

describe("normalizeIp", () => {
  it("spells an IPv4 client one way, and a closed socket's missing address as unknown", () => {
    expect(normalizeIp("::ffff:127.0.0.2")).toBe("127.0.0.2");
    expect(normalizeIp("127.0.0.2")).toBe("127.0.0.2");
    expect(normalizeIp("::ffff:abcd")).toBe("::ffff:abcd");
    expect(normalizeIp("2001:db8::1")).toBe("2001:db8::1");
    expect(normalizeIp(undefined)).toBe("unknown");
  });
});

describe("HttpExchange", () => {
  const request = (cookie: string, payload: unknown = undefined) =>
    ({
      method: "GET",
      clientIp: "127.0.0.2",
      protocol: "http",
      host: "gateway.test",
      headers: { cookie, "user-agent": "probe" },
      payload,
    }) as unknown as FastifyRequest;
  const reply = {} as FastifyReply;

  it("reads the cookies when asked, and takes another origin when given one", () => {
    const exchange = new HttpExchange(request("a=1; pyroscopeJWT=t"), reply);
    expect(exchange.cookies).toEqual({ a: "1", pyroscopeJWT: "t" });
    expect(exchange.ownOrigin).toBe("http://gateway.test");
    expect(exchange.userAgent).toBe("probe");
    expect(new HttpExchange(request(""), reply, "https://seen.test").ownOrigin).toBe(
      "https://seen.test",
    );
  });

  it("lets a young collection free the request it was made for", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as (options?: { type: "minor" | "major" }) => void;
    const oldSpace = () =>
      getHeapSpaceStatistics().find((space) => space.space_name === "old_space")?.space_used_size ??
      0;
    // 200 requests of ~8 KiB each on the JS heap, each dropped once its exchange is made; once
    // before measuring, so that what compiling the loop leaves in old space is not counted.
    const serve = () => {
      for (let i = 0; i < 200; i++) new HttpExchange(request("", new Array(1000).fill(i)), reply);
    };
    serve();
    gc({ type: "major" });
    const before = oldSpace();
    serve();
    gc({ type: "minor" });
    gc({ type: "minor" });
    // Held from old space, they were all there (3.5 MiB; under 0.25 MiB now).
    expect(oldSpace() - before).toBeLessThan(1024 * 1024);
  });
});
