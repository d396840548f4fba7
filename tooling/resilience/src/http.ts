import { request } from "node:http";

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  json(): {
    result?: { data?: unknown };
    error?: { message?: string; data?: { code?: string; errors?: string[] } };
  };
}

export interface Call {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly cookie?: string;
  /** Source address, to play several clients: any 127.x.y.z is loopback. */
  readonly from?: string;
}

/**
 * One HTTP exchange over node:http (no connection reuse), tolerant of any answer. Bodies over
 * the server's limit belong to the raw-socket test in fuzz.test.ts: node:http loses the early
 * 413 when it keeps writing into the closed connection.
 */
export function send(url: string, call: Call = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const body = Buffer.from(call.body ?? "");
    const headers = {
      ...call.headers,
      ...(call.cookie ? { cookie: call.cookie } : {}),
      ...(call.body === undefined ? {} : { "content-length": String(body.length) }),
    };
    const req = request(
      url,
      { method: call.method ?? "GET", headers, localAddress: call.from, agent: false },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            json: () => JSON.parse(text),
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", (error) => {
      if (!answered) setTimeout(() => (answered ? undefined : reject(error)), 100);
    });
    req.end(body);
  });
}

/** A tRPC mutation with a JSON body. */
export function mutate(
  base: string,
  path: string,
  input: unknown,
  call: Omit<Call, "body" | "method"> = {},
): Promise<Reply> {
  return send(`${base}/auth/trpc/${path}`, {
    ...call,
    method: "POST",
    headers: { "content-type": "application/json", ...call.headers },
    body: input === undefined ? "" : JSON.stringify(input),
  });
}

/** A tRPC query, input in the URL. */
export function query(
  base: string,
  path: string,
  input?: unknown,
  call: Omit<Call, "body" | "method"> = {},
): Promise<Reply> {
  const suffix = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return send(`${base}/auth/trpc/${path}${suffix}`, call);
}

/** Signs in and returns the session cookie (`pyroscopeJWT=...`). */
export async function signIn(
  base: string,
  username: string,
  password: string,
  from?: string,
): Promise<string> {
  const reply = await mutate(base, "auth.login", { username, password }, { from });
  if (reply.status !== 200)
    throw new Error(`login of ${username} failed: ${reply.status} ${reply.body}`);
  const setCookie = reply.headers["set-cookie"];
  return String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(";")[0] ?? "";
}
