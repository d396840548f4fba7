import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * One of the bench's helper servers (a script beside this one, run by the same Node in its own
 * process, so that it shares the cores as a real one would); resolves once it prints its URL.
 */
export async function startHelperProcess(script: string, args: string[] = []) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL(script, import.meta.url)), ...args],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve) =>
    child.stdout.once("data", (data: Buffer) => resolve(data.toString().trim())),
  );
  return { url, stop: () => child.kill("SIGTERM") };
}
