import { closeSync, openSync, readSync, realpathSync } from "node:fs";

/** The WAL index header (sqlite.org/walformat.html): two copies of 48 bytes at its start. */
const headerBytes = 48;
/** Its isInit byte: 1 once a connection has built the index. */
const isInitOffset = 12;

export interface WalIndexStamp {
  /**
   * The header as it is now, or undefined when it cannot be trusted (not built yet, or caught
   * between its two copies while a writer updates it).
   */
  read(): string | undefined;
  close(): void;
}

/** The descriptor of each WAL index this process reads, and how many stamps use it. */
const descriptors = new Map<string, { fd: number; users: number }>();

/**
 * What SQLite itself checks before reusing its page cache: the header of the WAL index (the
 * `-shm` file beside the database's real path). Every commit, of any connection in any
 * process, changes it (its change counter, last frame and salts), and a writer updates its
 * second copy before its first, so two equal copies read at one moment are a state that no
 * commit has followed while the header reads the same. A read is one `pread` of the file's
 * first page, which every connection has mapped (~2 µs, no thread pool).
 *
 * Closing a descriptor drops every POSIX lock this process holds on the file, SQLite's among
 * them, and another process would then take itself for the index's first user and rebuild it
 * under the connections that have it mapped. So the stamps of one file share one descriptor,
 * closed with the last of them, and a stamp is closed only after its own connections.
 *
 * Undefined when there is no such file (a database not in WAL mode, or `:memory:`).
 */
export function openWalIndexStamp(databaseFile: string): WalIndexStamp | undefined {
  let path: string;
  try {
    path = `${realpathSync(databaseFile)}-shm`;
  } catch {
    return undefined;
  }
  let shared = descriptors.get(path);
  if (!shared) {
    try {
      shared = { fd: openSync(path, "r"), users: 0 };
    } catch {
      return undefined;
    }
    descriptors.set(path, shared);
  }
  shared.users++;
  const held = shared;
  const { fd } = held;
  const header = Buffer.alloc(2 * headerBytes);
  let open = true;
  return {
    read() {
      if (!open) return undefined;
      if (readSync(fd, header, 0, header.length, 0) < header.length) return undefined;
      if (header[isInitOffset] !== 1) return undefined;
      if (header.compare(header, 0, headerBytes, headerBytes, 2 * headerBytes) !== 0)
        return undefined;
      return header.toString("latin1", 0, headerBytes);
    },
    close() {
      if (!open) return;
      open = false;
      held.users--;
      if (held.users > 0) return;
      descriptors.delete(path);
      closeSync(fd);
    },
  };
}
