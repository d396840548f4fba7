import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testEngine } from "@pyroscope-auth/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { rawRequest } from "./testing/http-client.js";
import { createLogSink } from "./testing/log-sink.js";
import { startTestServer, type TestServer } from "./testing/test-server.js";

let server: TestServer;
const running: TestServer[] = [];
async function start(options?: Parameters<typeof startTestServer>[0]) {
  server = await startTestServer(options);
  running.push(server);
}
afterEach(async () => {
  for (const each of running.splice(0)) await each.close();
});

const json = { "content-type": "application/json" };
const loginBody = JSON.stringify({ username: "admin", password: "admin" });

function post(path: string, headers: Record<string, string>, body = loginBody) {
  return rawRequest(`${server.url}/auth/trpc/${path}`, { method: "POST", headers, body });
}

describe("auth.allowed-hosts (DNS rebinding)", () => {
  const healthUnder = async (host: string) =>
    (await rawRequest(`${server.url}/healthz`, { headers: { host } })).status;

  it("answers only under the allowed names, the trusted origins' hosts and IP addresses", async () => {
    await start({
      flags: ["--auth.allowed-hosts=localhost", "--auth.trusted-origins=https://grafana.example"],
    });
    const port = new URL(server.url).port;
    // What a page sends once its name points at this server: its own name as Host and Origin,
    // which the CSRF check alone sees as same-origin.
    const login = (host: string) =>
      post("auth.login", {
        ...json,
        host,
        origin: `http://${host}`,
        "sec-fetch-site": "same-origin",
      });
    const rebound = await login(`rebind.attacker.example:${port}`);
    expect(rebound.status).toBe(403);
    expect(rebound.json()).toMatchObject({
      error: {
        message:
          'host "rebind.attacker.example" is not in auth.allowed-hosts (add it there to serve under this name)',
        data: { code: "FORBIDDEN", httpStatus: 403 },
      },
    });
    expect(rebound.headers["set-cookie"]).toBeUndefined();
    expect(await healthUnder("rebind.attacker.example")).toBe(403);
    for (const host of [
      `localhost:${port}`,
      "LOCALHOST",
      `127.0.0.1:${port}`,
      "[::1]:80",
      "grafana.example",
    ])
      expect(await healthUnder(host), host).toBe(200);
    expect((await login(`localhost:${port}`)).status).toBe(200);
  });

  it("answers, unset, only under loopback names and IP addresses; under any name with *", async () => {
    await start();
    expect(await healthUnder("rebind.attacker.example")).toBe(403);
    for (const host of ["localhost", "app.localhost:8080", "127.0.0.1", "[::1]"])
      expect(await healthUnder(host), host).toBe(200);
    await start({ flags: ["--auth.allowed-hosts=*"] });
    expect(await healthUnder("rebind.attacker.example")).toBe(200);
  });

  it("answers a Host that is no host with 400 in the contract's shape, GET or POST", async () => {
    await start();
    for (const host of ["[x]", "a b", "%", "x:99999", "localhost:abc", "[::1", "a/b"]) {
      for (const method of ["GET", "POST"]) {
        const response = await rawRequest(`${server.url}/auth/trpc/auth.config`, {
          method,
          headers: { host, ...json },
          body: method === "POST" ? "{}" : undefined,
        });
        expect(response.status, `${method} ${host}`).toBe(400);
        expect(response.json()).toMatchObject({
          error: { data: { code: "BAD_REQUEST", httpStatus: 400 } },
        });
      }
    }
  });
});

describe("CSRF (DESIGN.md rule 5)", () => {
  it("refuses a mutation from a foreign Origin with 403 and changes nothing", async () => {
    await start();
    const response = await post("auth.login", { ...json, origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({
      error: { message: 'origin "https://evil.example" is not allowed' },
    });
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  it("refuses Sec-Fetch-Site: cross-site and the opaque null origin", async () => {
    await start();
    expect((await post("auth.login", { ...json, "sec-fetch-site": "cross-site" })).status).toBe(
      403,
    );
    expect((await post("auth.login", { ...json, origin: "null" })).status).toBe(403);
  });

  it("refuses a mutation that is not JSON (a form or text/plain body needs no preflight)", async () => {
    await start();
    const plain = await post("auth.login", { "content-type": "text/plain" });
    expect(plain.status).toBe(415);
    const refused = {
      error: {
        code: -32015,
        message: "mutations need a JSON body (Content-Type: application/json)",
        data: {
          code: "UNSUPPORTED_MEDIA_TYPE",
          httpStatus: 415,
          errors: ["mutations need a JSON body (Content-Type: application/json)"],
        },
      },
    };
    expect(plain.json()).toMatchObject(refused);
    expect(plain.headers["content-type"]).toBe("application/json");
    // tRPC itself reads multipart bodies, and a cross-site <form enctype="multipart/form-data">
    // needs no preflight: a logout by CSRF.
    const admin = await server.signedIn("admin", "admin");
    const multipart = await admin.jar.request(`${server.url}/auth/trpc/auth.logout`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    });
    expect(multipart.status).toBe(415);
    expect(multipart.json()).toMatchObject(refused);
    await expect(admin.trpc.user.me.query()).resolves.toMatchObject({ name: "admin" });
    const form = await post(
      "auth.login",
      { "content-type": "application/x-www-form-urlencoded" },
      "username=admin&password=admin",
    );
    expect(form.status).toBe(415);
    // Fastify itself has no parser for forms: its bare 415 was not in the contract's shape.
    expect(form.json()).toMatchObject(refused);
    expect(form.headers["content-type"]).toBe("application/json");
    expect(form.headers["set-cookie"]).toBeUndefined();
    // A type Fastify cannot parse at all is refused before tRPC: in the same words and shape.
    const unparsable = await post("auth.login", { "content-type": "foo" });
    expect(unparsable.status).toBe(415);
    expect(unparsable.json()).toMatchObject(refused);
  });

  it("changes nothing through a cross-site mutation of a signed-in user", async () => {
    await start();
    const admin = await server.signedIn("admin", "admin");
    const response = await admin.jar.request(`${server.url}/auth/trpc/user.update`, {
      method: "POST",
      headers: { ...json, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      body: JSON.stringify({ fullName: "Pwned" }),
    });
    expect(response.status).toBe(403);
    expect((await admin.trpc.user.me.query()).fullName).toBeNull();
  });

  it("lets same-origin browsers, configured origins and header-less scripts through", async () => {
    await start({ flags: ["--auth.trusted-origins=https://grafana.example"] });
    const own = new URL(server.url).origin;
    expect(
      (await post("auth.login", { ...json, origin: own, "sec-fetch-site": "same-origin" })).status,
    ).toBe(200);
    expect((await post("auth.login", { ...json, origin: "https://grafana.example" })).status).toBe(
      200,
    );
    expect((await post("auth.login", json)).status).toBe(200);
  });

  it("never changes state on GET: a mutation sent as a query is refused", async () => {
    await start();
    const input = encodeURIComponent(JSON.stringify({ username: "admin", password: "admin" }));
    const response = await rawRequest(`${server.url}/auth/trpc/auth.login?input=${input}`);
    expect(response.status).toBe(405);
    expect(response.headers["set-cookie"]).toBeUndefined();
  });
});

describe("security headers (DESIGN.md rule 6)", () => {
  it("sends a CSP that forbids framing, inline script and foreign origins, and no-store on the API", async () => {
    await start();
    const response = await rawRequest(`${server.url}/auth/trpc/auth.config`);
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["strict-transport-security"]).toBeUndefined();
  });
});

describe("HTTP edges", () => {
  it("answers /healthz", async () => {
    await start();
    const response = await rawRequest(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it.runIf(testEngine() === "sqlite")(
    "is unhealthy once its database file is removed or replaced under it",
    async () => {
      const database = () => join(server.storagePath, "pyroscope.sqlite3");
      await start();
      // SQLite goes on writing to the file it has open: all of it would be lost at the next start.
      rmSync(database());
      let response = await rawRequest(`${server.url}/healthz`);
      expect(response.status).toBe(503);
      expect(response.json()).toEqual({ status: "database file removed or replaced" });

      await start();
      renameSync(database(), `${database()}.moved`);
      copyFileSync(`${database()}.moved`, database());
      response = await rawRequest(`${server.url}/healthz`);
      expect(response.status).toBe(503);
    },
  );

  it("answers broken JSON with a 400 and a message that does not quote the input", async () => {
    await start();
    const refused = {
      error: {
        message: "the request's input is not valid JSON",
        data: { code: "BAD_REQUEST", errors: ["the request's input is not valid JSON"] },
      },
    };
    const body = await post("auth.login", json, '{"username":"admin","password":Hunter2-Secret}');
    expect(body.status).toBe(400);
    expect(body.json()).toMatchObject(refused);
    expect(body.text).not.toContain("Hunter2");
  });

  it("refuses a body over 64 KiB with a 413 in the contract's shape, naming the limit", async () => {
    await start();
    const huge = JSON.stringify({ username: "admin", password: "x".repeat(70_000) });
    const refused = await post("auth.login", json, huge);
    expect(refused.status).toBe(413);
    expect(refused.json()).toMatchObject({
      error: {
        code: -32013,
        message: "the request body is larger than 64 KiB",
        data: {
          code: "PAYLOAD_TOO_LARGE",
          httpStatus: 413,
          errors: ["the request body is larger than 64 KiB"],
        },
      },
    });
  });

  it("answers a URL it cannot decode, or one too long, in the contract's shape without quoting it", async () => {
    await start();
    const undecodable = await rawRequest(`${server.url}/assets/%E0%A4%A-secret-token`);
    expect(undecodable.status).toBe(400);
    expect(undecodable.json()).toMatchObject({
      error: {
        message: "the request's URL is not valid",
        data: { code: "BAD_REQUEST", httpStatus: 400 },
      },
    });
    expect(undecodable.text).not.toContain("secret-token");
    const long = await rawRequest(`${server.url}/auth/trpc/${"a".repeat(1001)}`);
    expect(long.status).toBe(414);
    expect(long.json()).toMatchObject({
      error: { message: "the request's URL is too long", data: { httpStatus: 414 } },
    });
  });

  it("reads the client address from X-Forwarded-For only through a trusted proxy", async () => {
    await start({ flags: ["--auth.trusted-proxies=127.0.0.1"] });
    for (let attempt = 0; attempt < 5; attempt++) {
      await post(
        "auth.login",
        { ...json, "x-forwarded-for": "203.0.113.7" },
        JSON.stringify({ username: "admin", password: "guess" }),
      );
    }
    expect((await post("auth.login", { ...json, "x-forwarded-for": "203.0.113.7" })).status).toBe(
      429,
    );
    expect((await post("auth.login", { ...json, "x-forwarded-for": "203.0.113.8" })).status).toBe(
      200,
    );
  });

  it("ignores X-Forwarded-For from an untrusted peer, so a client cannot pick its own address", async () => {
    await start();
    for (let attempt = 0; attempt < 5; attempt++) {
      await post(
        "auth.login",
        { ...json, "x-forwarded-for": `198.51.100.${attempt}` },
        JSON.stringify({ username: "admin", password: "guess" }),
      );
    }
    expect((await post("auth.login", { ...json, "x-forwarded-for": "198.51.100.99" })).status).toBe(
      429,
    );
  });
});

describe("requests Node refuses before the routes", () => {
  it("answers an oversized URL 431 in the contract's error shape", async () => {
    await start();
    const input = encodeURIComponent(JSON.stringify({ name: "x".repeat(20_000) }));
    const response = await rawRequest(`${server.url}/auth/trpc/admin.users.get?input=${input}`);
    expect(response.status).toBe(431);
    expect(response.json()).toEqual({
      error: {
        code: -32600,
        message: "the request's headers or URL are too large",
        data: {
          code: "BAD_REQUEST",
          httpStatus: 431,
          errors: ["the request's headers or URL are too large"],
        },
      },
    });
  });
});

describe("web app", () => {
  it("serves the build under /auth/ with SPA fallback for the app's routes, and 404 elsewhere", async () => {
    const webRoot = mkdtempSync(join(tmpdir(), "pyroscope-web-"));
    mkdirSync(join(webRoot, "assets"));
    writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>pyroscope</title>");
    writeFileSync(join(webRoot, "assets", "app-abc123.js"), "console.log(1)");
    await start({ webRoot });
    const pages = ["/", "/login", "/signup", "/change-password", "/set-up-two-factor"];
    for (const path of [...pages, "/settings/sessions", "/admin/users"]) {
      const response = await rawRequest(`${server.url}/auth${path}`);
      expect(response.status, path).toBe(200);
      expect(response.text).toContain("<title>pyroscope</title>");
      expect(response.headers["cache-control"]).toBe("no-cache");
      // The pages are what a clickjacking frame or an injected script would target.
      expect(String(response.headers["content-security-policy"])).toContain(
        "frame-ancestors 'none'",
      );
      expect(String(response.headers["content-security-policy"])).toContain("script-src 'self'");
      expect(response.headers["x-frame-options"]).toBe("DENY");
    }
    const asset = await rawRequest(`${server.url}/auth/assets/app-abc123.js`);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await rawRequest(`${server.url}/auth/nope`)).status).toBe(404);
    expect((await rawRequest(`${server.url}/nope`)).status).toBe(404);
    const traversal = await rawRequest(`${server.url}/auth/assets/../../../../../etc/passwd`);
    expect([403, 404]).toContain(traversal.status);
    expect(traversal.text).not.toContain("root:");
    expect((await rawRequest(`${server.url}/auth`)).headers.location).toBe("/auth/");
  });

  it("under base-url, names every address it hands out under that path", async () => {
    const webRoot = mkdtempSync(join(tmpdir(), "pyroscope-web-"));
    writeFileSync(
      join(webRoot, "index.html"),
      '<!doctype html><head><script type="module" src="./assets/app-1.js"></script></head>',
    );
    await start({ webRoot, flags: ["--base-url=https://example.com/tools/pyroscope/"] });
    const page = await rawRequest(`${server.url}/auth/settings/sessions`);
    expect(page.text).toContain('src="/tools/pyroscope/auth/assets/app-1.js"');
    expect(page.text).toContain('<meta name="pyroscope-auth-base" content="/tools/pyroscope" />');
    expect((await rawRequest(`${server.url}/auth`)).headers.location).toBe(
      "/tools/pyroscope/auth/",
    );
    expect((await rawRequest(`${server.url}/login?rd=%2Fx`)).headers.location).toBe(
      "/tools/pyroscope/auth/login?rd=%2Fx",
    );
    const login = await rawRequest(`${server.url}/auth/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "admin" }),
    });
    const cookies = ([] as string[]).concat(login.headers["set-cookie"] ?? []);
    expect(cookies.find((line) => line.startsWith("pyroscopeJWT="))).toContain(
      "Path=/tools/pyroscope/;",
    );
    expect(cookies.find((line) => line.startsWith("pyroscopeDevice="))).toContain(
      "Path=/tools/pyroscope/auth/;",
    );
  });

  it("without an upstream, keeps the old root addresses: pages redirect, /trpc still answers", async () => {
    await start();
    for (const path of ["/", "/login?rd=%2Fx", "/signup", "/settings/sessions", "/admin/users"]) {
      const response = await rawRequest(`${server.url}${path}`);
      expect(response.status, path).toBe(302);
      expect(response.headers.location).toBe(`/auth${path}`);
    }
    const config = await rawRequest(`${server.url}/trpc/auth.config`);
    expect(config.status).toBe(200);
    expect(config.json()).toMatchObject({ result: { data: { internalEnabled: true } } });
    const login = await rawRequest(`${server.url}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "admin" }),
    });
    expect(login.status).toBe(200);
  });
});

describe("logs (DESIGN.md rule 7)", () => {
  it("write one line per request and never a password, hash, cookie or token", async () => {
    const { stream: sink, lines } = createLogSink();
    await start({ log: sink });
    const { url } = server;
    const login = await rawRequest(`${url}/auth/trpc/auth.login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ username: "admin", password: "admin" }),
    });
    const token = /pyroscopeJWT=([^;]+)/.exec(String(login.headers["set-cookie"]))?.[1] ?? "";
    await rawRequest(`${url}/auth/trpc/user.me?input=%7B%7D`, {
      headers: { cookie: `pyroscopeJWT=${token}` },
    });
    await rawRequest(`${url}/auth/trpc/auth.login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ username: "admin", password: "Secret-Guess-123" }),
    });
    await rawRequest(`${url}/auth/trpc/user.me`, {
      headers: { authorization: "Bearer psx-not-a-real-key-material" },
    });
    await server.close();
    running.splice(running.indexOf(server), 1);
    const requests = lines.filter((line) => line.includes('"msg":"request"'));
    expect(requests).toHaveLength(4);
    expect(requests[1]).toContain('"path":"/auth/trpc/user.me"');
    const all = lines.join("\n");
    for (const secret of [
      "Secret-Guess-123",
      '"admin"}',
      "argon2",
      "pyroscopeJWT=",
      "psx-not-a-real",
      "input=",
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
