import type { Writable } from "node:stream";
import type { ServiceDepsOptions } from "@pyroscope-auth/db";
import { createTestConfig } from "@pyroscope-auth/db/testing";
import { createTRPCClient, httpLink } from "@trpc/client";
import { type AppServices, createAppServices } from "../app-services.js";
import type { AppRouter } from "../routers/app-router.js";
import { createServer } from "../server.js";
import { type CookieJar, createCookieJar, type RawRequestOptions } from "./http-client.js";

export interface TestServerOptions {
  /** Config flags on top of: internal auth on, a temp storage folder, cheap argon2. */
  readonly flags?: string[];
  readonly webRoot?: string;
  readonly now?: ServiceDepsOptions["now"];
  /** Reuse a storage folder (restart on the same database). */
  readonly storagePath?: string;
  /** Where the server's log goes (info and up); none when unset. */
  readonly log?: Writable;
}

export interface TestClient {
  readonly jar: CookieJar;
  readonly trpc: ReturnType<typeof createTRPCClient<AppRouter>>;
}

/** The built-in admin's password once `TestServer.admin()` has changed it. */
export const adminPassword = "admin-passphrase-2";

export interface TestServer {
  readonly url: string;
  readonly storagePath: string;
  readonly services: AppServices;
  /** A typed tRPC client with its own cookie jar (one browser), optionally from another address. */
  client(options?: Pick<RawRequestOptions, "localAddress">): TestClient;
  /**
   * Signs the built-in admin in and makes its forced first change of password, to
   * `adminPassword`: the state most tests start from.
   */
  admin(): Promise<TestClient>;
  /** Signs in and returns the client. */
  signedIn(
    username: string,
    password: string,
    options?: Pick<RawRequestOptions, "localAddress">,
  ): Promise<TestClient>;
  close(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 and a random port, on a real database (STYLE.md rule 8): a SQLite
 * file, or in the postgresql project a database of its own on the project's PostgreSQL server.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { config, storagePath, drop } = await createTestConfig({
    file: true,
    storagePath: options.storagePath,
    flags: options.flags,
  });
  const opened = await createAppServices(config, options.now ? { now: options.now } : {});
  const { app } = await createServer({
    services: opened.services,
    webRoot: options.webRoot,
    logger: options.log ? { level: "info", stream: options.log } : false,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;

  const client = (clientOptions: Pick<RawRequestOptions, "localAddress"> = {}): TestClient => {
    const jar = createCookieJar(clientOptions);
    const trpc = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${url}/auth/trpc`, fetch: jar.fetch })],
    });
    return { jar, trpc };
  };

  return {
    url,
    storagePath,
    services: opened.services,
    client,
    async signedIn(username, password, clientOptions) {
      const signed = client(clientOptions);
      await signed.trpc.auth.login.mutate({ username, password });
      return signed;
    },
    async admin() {
      const admin = client();
      await admin.trpc.auth.login.mutate({ username: "admin", password: "admin" });
      await admin.trpc.user.changePassword.mutate({
        oldPassword: "admin",
        newPassword: adminPassword,
      });
      return admin;
    },
    async close() {
      await app.close();
      await opened.close();
      if (!options.storagePath) await drop();
    },
  };
}
