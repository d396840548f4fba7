import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@pyroscope-auth/db/testing";
import { repoRoot } from "./paths.js";

/** nginx or Caddy from Debian's packages, run from the repository's own deploy/ config. */
export type ReverseProxyKind = "nginx" | "caddy";

/** deploy/'s files: forward-auth for each kind, and nginx serving the gateway under a path. */
export type DeployedConfig = ReverseProxyKind | "nginx-under-path" | "nginx-replicas";

const deployFiles: Record<DeployedConfig, string> = {
  nginx: "nginx/pyroscope-auth.conf",
  caddy: "caddy/Caddyfile",
  "nginx-under-path": "nginx/pyroscope-auth-under-path.conf",
  "nginx-replicas": "nginx/pyroscope-auth-replicas.conf",
};

export interface ReverseProxy {
  readonly url: string;
  stop(): Promise<void>;
}

interface Addresses {
  /** pyroscope-auth, `host:port`. */
  readonly auth: string;
  /** The (stand-in) Pyroscope, `host:port`. */
  readonly upstream: string;
  /** A second replica of pyroscope-auth, `host:port` (the replicas' config). */
  readonly secondAuth?: string;
}

/**
 * The shipped config with only its addresses changed: deploy/ assumes pyroscope-auth on
 * 127.0.0.1:4040 (a second replica on 4042), Pyroscope on 127.0.0.1:4041, and listens on 8080.
 */
function deployConfig(
  file: string,
  port: number,
  { auth, upstream, secondAuth }: Addresses,
): string {
  const text = readFileSync(join(repoRoot, "deploy", file), "utf8")
    .replaceAll("127.0.0.1:4040", auth)
    .replaceAll("127.0.0.1:4041", upstream)
    .replaceAll("127.0.0.1:4042", secondAuth ?? "127.0.0.1:4042")
    .replace("listen 8080;", `listen 127.0.0.1:${port};`)
    .replace(":8080 {", `:${port} {`);
  if (["4040", "4041", "4042", "8080"].some((moved) => text.includes(moved)))
    throw new Error(`${file}: an address the test could not move`);
  return text;
}

function nginxMain(dir: string, site: string): string {
  // As root, nginx runs its workers as nobody, who may not enter this temp folder.
  const user = process.getuid?.() === 0 ? "user root;\n" : "";
  return `${user}daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${site};
}
`;
}

async function untilListening(url: string, child: ChildProcess, output: () => string) {
  for (let tries = 0; tries < 200; tries++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${output()}`);
    const up = await fetch(url).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never answered at ${url}: ${output()}`);
}

/** Starts nginx or Caddy on a free port of 127.0.0.1 in front of `addresses`; stopped by pid. */
export async function startReverseProxy(
  config: DeployedConfig,
  addresses: Addresses,
): Promise<ReverseProxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `pyroscope-${config}-`));
  const file = deployFiles[config];
  let child: ChildProcess;
  if (config !== "caddy") {
    const site = join(dir, "pyroscope-auth.conf");
    writeFileSync(site, deployConfig(file, port, addresses));
    writeFileSync(join(dir, "nginx.conf"), nginxMain(dir, site));
    child = spawn("nginx", ["-c", join(dir, "nginx.conf"), "-p", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  } else {
    const config = join(dir, "Caddyfile");
    // Its admin endpoint off (several may run at once), its storage in the temp folder.
    writeFileSync(config, `{\n\tadmin off\n}\n${deployConfig(file, port, addresses)}`);
    mkdirSync(join(dir, "home"));
    child = spawn("caddy", ["run", "--config", config, "--adapter", "caddyfile"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        HOME: join(dir, "home"),
        XDG_DATA_HOME: dir,
        XDG_CONFIG_HOME: dir,
      },
    });
  }
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await untilListening(`${url}/auth/`, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
