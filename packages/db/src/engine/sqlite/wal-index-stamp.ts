import { closeSync, openSync, readSync } from "node:fs";

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

/**
 * What SQLite itself checks before reusing its page cache: the header of the WAL index (the
 * `-shm` file beside the database). Every commit, of any connection in any process, changes
 * it (its change counter, last frame and salts), and a writer updates its second copy before
 * its first, so two equal copies read at one moment are a state that no commit has followed
 * while the header reads the same. A read is one `pread` of the file's first page, which
 * every connection has mapped (~2 µs, no thread pool).
 *
 * Undefined when there is no such file (a database not in WAL mode, or `:memory:`).
 */
export function openWalIndexStamp(databaseFile: string): WalIndexStamp | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(`${databaseFile}-shm`, "r");
  } catch {
    return undefined;
  }
  const header = Buffer.alloc(2 * headerBytes);
  return {
    read() {
      // Once closed, its number may belong to another file.
      if (fd === undefined) return undefined;
      if (readSync(fd, header, 0, header.length, 0) < header.length) return undefined;
      if (header[isInitOffset] !== 1) return undefined;
      if (header.compare(header, 0, headerBytes, headerBytes, 2 * headerBytes) !== 0)
        return undefined;
      return header.toString("latin1", 0, headerBytes);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
