import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ConfigError, loadConfig } from "@pyroscope-auth/auth-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mountSmallDisk, type SmallDisk } from "../../testing/test-database.js";
import { createOrm } from "./create-orm.js";

const configFor = (storagePath: string) =>
  loadConfig({ argv: [`--storage-path=${storagePath}`], env: {} }).config;

describe("createOrm", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("refuses a file that is not an SQLite database by path, and leaves it alone", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    const file = join(storage, "pyroscope.sqlite3");
    writeFileSync(file, "these are somebody's notes, not a database\n".repeat(200));
    const opening = createOrm(configFor(storage));
    await expect(opening).rejects.toThrow(ConfigError);
    await expect(opening).rejects.toThrow(
      `cannot use the database at ${file}: the file is not an SQLite database (check storage-path and database.url)`,
    );
    expect(readFileSync(file, "utf8")).toMatch(/^these are somebody's notes/);
  });

  it("refuses a damaged database by path", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    const orm = await createOrm(configFor(storage));
    const connection = orm.em.getConnection();
    await connection.execute("create table t (x blob)");
    await connection.execute(
      "with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000) insert into t select randomblob(100) from n",
    );
    await orm.close();
    const file = join(storage, "pyroscope.sqlite3");
    // What a full disk or a copy cut short leaves: the first pages only.
    truncateSync(file, 8192);
    await expect(createOrm(configFor(storage))).rejects.toThrow(
      `cannot use the database at ${file}: the file is damaged (restore it from a backup)`,
    );
  });

  it("says so when storage-path names a file rather than a folder", async () => {
    const notAFolder = join(mkdtempSync(join(tmpdir(), "pyroscope-db-")), "a-file");
    writeFileSync(notAFolder, "");
    await expect(createOrm(configFor(notAFolder))).rejects.toThrow(
      `cannot use the database at ${join(notAFolder, "pyroscope.sqlite3")}: a file stands where its folder should be (check storage-path)`,
    );
  });

  it("takes the database from the config alone, whatever MIKRO_ORM_* variables or .env files say", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    const elsewhere = join(mkdtempSync(join(tmpdir(), "pyroscope-db-")), "elsewhere.sqlite3");
    const dotenv = join(mkdtempSync(join(tmpdir(), "pyroscope-db-")), ".env");
    writeFileSync(dotenv, `MIKRO_ORM_DB_NAME=${elsewhere}\nMIKRO_ORM_ALLOW_GLOBAL_CONTEXT=true\n`);
    // MikroORM's own names: a .env file it would load, and query logging with values in them.
    vi.stubEnv("MIKRO_ORM_ENV", dotenv);
    vi.stubEnv("MIKRO_ORM_DEBUG", "true");
    // Restored to absent afterwards, should a .env file have set them.
    vi.stubEnv("MIKRO_ORM_DB_NAME", undefined);
    vi.stubEnv("MIKRO_ORM_ALLOW_GLOBAL_CONTEXT", undefined);
    const orm = await createOrm(configFor(storage));
    try {
      expect(orm.config.get("dbName")).toBe(join(storage, "pyroscope.sqlite3"));
      expect(orm.config.get("debug")).toBe(false);
      expect(orm.config.get("allowGlobalContext")).toBe(false);
      expect(existsSync(elsewhere)).toBe(false);
      expect(existsSync(join(storage, "pyroscope.sqlite3"))).toBe(true);
    } finally {
      await orm.close();
    }
  });

  it("creates the storage folder and the database files for this user alone, whatever the umask", async () => {
    const storage = join(mkdtempSync(join(tmpdir(), "pyroscope-db-")), "new", "storage");
    const umask = process.umask(0);
    try {
      const orm = await createOrm(configFor(storage));
      // A write, so that SQLite has made its -wal and -shm files.
      await orm.em.getConnection().execute("create table t (x integer)");
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(storage)).toBe(0o700);
      expect(mode(dirname(storage))).toBe(0o700);
      for (const file of ["pyroscope.sqlite3", "pyroscope.sqlite3-wal", "pyroscope.sqlite3-shm"]) {
        expect([file, mode(join(storage, file))]).toEqual([file, 0o600]);
      }
      await orm.close();
    } finally {
      process.umask(umask);
    }
  });

  it("creates the database through a symlink that names a file not made yet", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    const target = join(mkdtempSync(join(tmpdir(), "pyroscope-db-")), "kept-elsewhere.sqlite3");
    symlinkSync(target, join(storage, "pyroscope.sqlite3"));
    const orm = await createOrm(configFor(storage));
    await orm.close();
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it("says so when the path leads through a symlink to a folder that does not exist", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    const file = join(storage, "pyroscope.sqlite3");
    symlinkSync(join(storage, "unmounted", "pyroscope.sqlite3"), file);
    await expect(createOrm(configFor(storage))).rejects.toThrow(
      `cannot use the database at ${file}: it cannot be found or created (check storage-path, database.url and any symlink on the way)`,
    );
  });

  it("says so when a folder stands where the database file should be", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-db-"));
    mkdirSync(join(storage, "pyroscope.sqlite3"));
    await expect(createOrm(configFor(storage))).rejects.toThrow(
      `cannot use the database at ${join(storage, "pyroscope.sqlite3")}: a folder stands where the file should be (check storage-path and database.url)`,
    );
  });

  describe("on a full disk", () => {
    let disk: SmallDisk | undefined;
    afterEach(() => {
      disk?.unmount();
      disk = undefined;
    });

    it("refuses by path, where SQLite says only 'disk I/O error', and leaves no file open", async (context) => {
      disk = mountSmallDisk();
      if (!disk) return context.skip("mounting a small file system needs root");
      const storage = join(disk.path, "data");
      const created = await createOrm(configFor(storage));
      await created.em.getConnection().execute("create table notes (id integer primary key)");
      // Closing checkpoints and removes the -wal and -shm files, which the next open needs to
      // create again: as when the CLI runs after the server has stopped.
      await created.close();
      disk.fill();
      const opening = createOrm(configFor(storage));
      await expect(opening).rejects.toThrow(ConfigError);
      await expect(opening).rejects.toThrow(
        `cannot use the database at ${join(storage, "pyroscope.sqlite3")}: its disk is full (free space on it and try again)`,
      );
    });

    it("refuses by path when not even the database file can be made (ENOSPC)", async (context) => {
      // Room for the disk's own folder and the storage folder, not for a file.
      disk = mountSmallDisk({ files: 2 });
      if (!disk) return context.skip("mounting a small file system needs root");
      const storage = join(disk.path, "data");
      const file = join(storage, "pyroscope.sqlite3");
      await expect(createOrm(configFor(storage))).rejects.toThrow(
        `cannot use the database at ${file}: its disk is full (free space on it and try again)`,
      );
      expect(existsSync(file)).toBe(false);
    });
  });
});
