import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";

/** Whether every folder from the root down to `folder` lets users in `bits` (0o010, 0o001) pass. */
function reachable(folder: string, bits: number): boolean {
  for (let current = folder; ; current = dirname(current)) {
    if ((statSync(current).mode & bits) === 0) return false;
    if (dirname(current) === current) return true;
  }
}

/**
 * A warning when other users of the machine can read the database (password hashes, the JWT
 * secret) or its -wal file: new ones are private, but an older release or an operator may have
 * opened them. Group read counts when every folder on the way lets others or the group pass.
 */
export function databaseExposure(location: string): string | undefined {
  if (location === ":memory:") return undefined;
  const files = [location, `${location}-wal`, `${location}-shm`].filter((file) => existsSync(file));
  const readable = files.filter((file) => {
    const mode = statSync(file).mode;
    const folder = dirname(file);
    return (
      ((mode & 0o004) !== 0 && reachable(folder, 0o001)) ||
      ((mode & 0o040) !== 0 && reachable(folder, 0o011))
    );
  });
  if (readable.length === 0) return undefined;
  return `the database ${location} can be read by other users of this machine (it holds password hashes and the JWT secret): chmod 600 ${readable.join(" ")}`;
}
