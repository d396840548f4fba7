import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testEngine } from "@pyroscope-auth/db/testing";
import sqlite3 from "sqlite3";
import { describe, expect, it } from "vitest";
import { cliOn } from "../../../testing/run-cli.js";
import { startServerOn } from "../../../testing/server-on-storage.js";

/** `admin user reset-password --username <username>` and the rest of its words. */
/** What the CLI says whenever a password is given on its command line. */
const exposedPassword =
  "warning: --password puts the password where other users of this machine can see it (the process list); --password-stdin keeps it out of sight\n";

/** The tests of a SQLite file the CLI refuses; PostgreSQL's refusals are in replicas-on-postgres. */
const onSqlite = testEngine() === "sqlite";
const onSqliteFile = it.runIf(onSqlite);

function resetPassword(username: string, ...rest: string[]) {
  return ["admin", "user", "reset-password", "--username", username, ...rest];
}

describe("pyroscope admin user reset-password", () => {
  it("sets the password, says so in the original's words, and records the CLI in the audit trail", async () => {
    const cli = cliOn();
    const result = await cli.run(resetPassword("admin", "--password", "a-strong-new-pass"));
    expect(result).toMatchObject({
      status: 0,
      stdout: "Password for user admin has been reset successfully.\n",
      stderr: exposedPassword,
    });
    const users = await cli.users();
    expect(users[0]).toMatchObject({ name: "admin", mustChangePassword: false });
    const [newest] = JSON.parse(
      (await cli.run(["admin", "audit", "list", "--limit", "1", "--json"])).stdout,
    );
    expect(newest).toMatchObject({
      actor: "cli",
      action: "user.password.set",
      target: "admin",
      outcome: "success",
      clientIp: null,
    });
  });

  it("resets on the configured database even run from a folder whose .env speaks to MikroORM", async () => {
    const cli = cliOn();
    // Another project's folder: its .env names its own database and turns on query logging.
    const project = mkdtempSync(join(tmpdir(), "pyroscope-cli-"));
    writeFileSync(
      join(project, ".env"),
      "MIKRO_ORM_DB_NAME=other-app.sqlite3\nMIKRO_ORM_DEBUG=true\n",
    );
    const args = resetPassword("admin", "--password");
    expect(await cli.run([...args, "a-strong-new-pass"], { cwd: project })).toEqual({
      status: 0,
      stdout: "Password for user admin has been reset successfully.\n",
      stderr: exposedPassword,
    });
    expect(existsSync(join(project, "other-app.sqlite3"))).toBe(false);
    const users = await cli.users();
    expect(users[0]).toMatchObject({ name: "admin", mustChangePassword: false });
  });

  onSqliteFile(
    "refuses a storage path without a database (a typo), and creates nothing there",
    async () => {
      const typo = join(mkdtempSync(join(tmpdir(), "pyroscope-cli-")), "typo");
      const cli = cliOn(typo, { database: false });
      const args = resetPassword("admin", "--password");
      expect(await cli.run([...args, "a-strong-new-pass"])).toEqual({
        status: 1,
        stdout: "",
        stderr: `${exposedPassword}no database at ${join(typo, "pyroscope.sqlite3")}: start the server once to create it, or check --storage-path and --config\n`,
      });
      expect(existsSync(typo)).toBe(false);
    },
  );

  onSqliteFile("refuses an empty database file (touched) and leaves it empty", async () => {
    const storage = mkdtempSync(join(tmpdir(), "pyroscope-cli-"));
    const database = join(storage, "pyroscope.sqlite3");
    writeFileSync(database, "");
    const cli = cliOn(storage, { database: false });
    const args = resetPassword("admin", "--password");
    expect(await cli.run([...args, "a-strong-new-pass"])).toEqual({
      status: 1,
      stdout: "",
      stderr: `${exposedPassword}no database at ${database}: start the server once to create it, or check --storage-path and --config\n`,
    });
    expect(readFileSync(database, "utf8")).toBe("");
  });

  onSqliteFile(
    "refuses a database that no first launch has set up, and sets up nothing in it",
    async () => {
      const storage = mkdtempSync(join(tmpdir(), "pyroscope-cli-"));
      const database = join(storage, "pyroscope.sqlite3");
      // What a first launch leaves when it dies before its migration commits: SQLite's header only.
      await new Promise<void>((resolve, reject) => {
        const db = new sqlite3.Database(database, (error) => {
          if (error) return reject(error);
          db.run("pragma journal_mode = wal", (pragmaError) =>
            db.close((closeError) =>
              pragmaError || closeError ? reject(pragmaError ?? closeError) : resolve(),
            ),
          );
        });
      });
      const cli = cliOn(storage, { database: false });
      for (const args of [
        resetPassword("admin", "--password", "a-strong-new-pass"),
        ["admin", "user", "list"],
      ]) {
        expect(await cli.run(args)).toMatchObject({ status: 1, stdout: "" });
      }
      const tables = await new Promise<unknown[]>((resolve, reject) => {
        const db = new sqlite3.Database(database, sqlite3.OPEN_READONLY, (error) => {
          if (error) return reject(error);
          db.all("select name from sqlite_master", (queryError, rows) =>
            db.close(() => (queryError ? reject(queryError) : resolve(rows))),
          );
        });
      });
      expect(tables).toEqual([]);
    },
  );

  // Root may write any file: the refusal is seen as another user, which only root can become.
  it.runIf(onSqlite && process.getuid?.() === 0)(
    "refuses a database this user may read but not write, naming it, and changes nothing",
    async () => {
      const cli = cliOn();
      await cli.run(["admin", "user", "list"]);
      const database = join(cli.storagePath, "pyroscope.sqlite3");
      chmodSync(cli.storagePath, 0o755);
      chmodSync(database, 0o644);
      const before = readFileSync(database);
      const args = resetPassword("admin", "--password");
      const nobody = 65534;
      expect(await cli.run([...args, "a-strong-new-pass"], { uid: nobody })).toEqual({
        status: 2,
        stdout: "",
        stderr: `${exposedPassword}cannot use the database at ${database}: permission denied (check the owner and mode of storage-path and of the files in it)\n`,
      });
      expect(readFileSync(database).equals(before)).toBe(true);
    },
  );

  onSqliteFile(
    "says which database stayed locked when another process holds it, and changes nothing",
    async () => {
      const cli = cliOn();
      const before = await cli.users();
      const database = join(cli.storagePath, "pyroscope.sqlite3");
      const holder = await new Promise<sqlite3.Database>((resolve, reject) => {
        const db = new sqlite3.Database(database, (error) =>
          error
            ? reject(error)
            : db.run("begin exclusive", (lockError) =>
                lockError ? reject(lockError) : resolve(db),
              ),
        );
      });
      try {
        expect(await cli.run(resetPassword("admin", "--password", "a-strong-new-pass"))).toEqual({
          status: 1,
          stdout: "",
          stderr: `${exposedPassword}the database at ${database} stayed locked by another process: run the command again once it is free\n`,
        });
      } finally {
        await new Promise((resolve) => holder.run("rollback", () => holder.close(resolve)));
      }
      expect(await cli.users()).toEqual(before);
    },
    60_000,
  );

  onSqliteFile("refuses an in-memory database, whose changes no server would see", async () => {
    const cli = cliOn();
    const args = resetPassword("admin", "--password");
    expect(await cli.run([...args, "a-strong-new-pass", "--database.url=:memory:"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `${exposedPassword}database.url is :memory:, which no server shares: point --storage-path or database.url at the server's database\n`,
    });
  });

  it("refuses a password the policy refuses, with one line and exit 1, changing nothing", async () => {
    const cli = cliOn();
    for (const [password, message] of [
      ["short", "user password must be at least 8 characters"],
      ["password123", "user password is too common"],
      ["admin@localhost.localdomain", "user password must not be the user name or email"],
    ]) {
      const result = await cli.run(resetPassword("admin", "--password", String(password)));
      expect(result).toEqual({ status: 1, stdout: "", stderr: `${exposedPassword}${message}\n` });
    }
    const users = await cli.users();
    expect(users[0]?.mustChangePassword).toBe(true);
  });

  it("answers user not found with exit 1", async () => {
    const result = await cliOn().run(resetPassword("ghost", "--password", "a-strong-new-pass"));
    expect(result).toEqual({ status: 1, stdout: "", stderr: `${exposedPassword}user not found\n` });
  });

  it("reads the password from stdin without printing it", async () => {
    const cli = cliOn();
    const result = await cli.run(resetPassword("admin", "--password-stdin"), {
      stdin: "piped-secret-pass\n",
    });
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).not.toContain("piped-secret-pass");
    // The line without its newline is the password now.
    const running = await startServerOn(cli.storagePath);
    expect((await running.logIn("admin", "piped-secret-pass")).status).toBe(200);
    expect((await running.logIn("admin", "admin")).status).toBe(401);
  });

  it("refuses --password-stdin at a terminal at once, instead of waiting there for an end of input", async () => {
    const cli = cliOn();
    const before = await cli.users();
    const result = await cli.run(resetPassword("admin", "--password-stdin"), { onTerminal: true });
    expect(result.status).toBe(2);
    expect(result.stdout.replaceAll("\r\n", "\n")).toBe(
      "--password-stdin reads a password piped in, and standard input is a terminal: pipe it (printf '%s\\n' \"$PASSWORD\" | pyroscope ...) or use --password\nusage: pyroscope admin user reset-password [options]\n",
    );
    expect(await cli.users()).toEqual(before);
  });

  it("refuses stdin that is not one line of UTF-8, changing nothing", async () => {
    const cli = cliOn();
    const args = resetPassword("admin", "--password-stdin");
    expect(await cli.run(args, { stdin: "line-one-pass\nline-two\n" })).toEqual({
      status: 1,
      stdout: "",
      stderr: "--password-stdin takes one line: the password\n",
    });
    expect(
      await cli.run(args, {
        stdin: Buffer.from([0x70, 0x77, 0xff, 0xfe, 0x21, 0x21, 0x21, 0x21, 0x21]),
      }),
    ).toEqual({
      status: 1,
      stdout: "",
      stderr: "the password on standard input is not valid UTF-8\n",
    });
    const users = await cli.users();
    expect(users[0]).toMatchObject({ name: "admin", mustChangePassword: true });
  });

  it("reads PYROSCOPE_USERNAME, PYROSCOPE_PASSWORD and PYROSCOPE_ENABLE like the original", async () => {
    const cli = cliOn();
    await cli.createUser("bob", "ReadOnly", "bobs-first-pass");
    await cli.run(["admin", "user", "disable", "--username", "bob"]);
    const result = await cli.run(["admin", "user", "reset-password"], {
      env: {
        PYROSCOPE_USERNAME: "bob",
        PYROSCOPE_PASSWORD: "bobs-second-pass",
        PYROSCOPE_ENABLE: "true",
      },
    });
    expect(result).toMatchObject({
      status: 0,
      stdout: "Password for user bob has been reset successfully.\n",
    });
    const users = await cli.users();
    expect(users.find((user) => user.name === "bob")?.isDisabled).toBe(false);
  });

  it("refuses a PYROSCOPE_ENABLE that is neither true nor false", async () => {
    const result = await cliOn().run(resetPassword("admin", "--password", "a-strong-new-pass"), {
      env: { PYROSCOPE_ENABLE: "maybe" },
    });
    expect(result).toEqual({
      status: 2,
      stdout: "",
      stderr: `${exposedPassword}PYROSCOPE_ENABLE: "maybe" is not true or false\n`,
    });
  });

  it("leaves a disabled user disabled without --enable, and says so; --enable enables", async () => {
    const cli = cliOn();
    await cli.createUser("bob", "ReadOnly", "bobs-first-pass");
    await cli.run(["admin", "user", "disable", "--username", "bob"]);
    const without = await cli.run(resetPassword("bob", "--password", "bobs-second-pass"));
    expect(without.stdout).toBe(
      "Password for user bob has been reset successfully.\nUser bob is disabled; run again with --enable to enable it.\n",
    );
    const withEnable = await cli.run(
      resetPassword("bob", "--password", "bobs-third-pass", "--enable"),
    );
    expect(withEnable.stdout).toBe("Password for user bob has been reset successfully.\n");
  });

  it("gives the usage line and exit 2 for bad flags", async () => {
    const cli = cliOn();
    const unknown = await cli.run(["admin", "user", "reset-password", "--usrname", "admin"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--usrname'");
    expect(unknown.stderr).toContain("usage: pyroscope admin user reset-password [options]");
    // A mistyped option's value may be the secret it was meant to carry: it is not shown.
    const mistyped = await cli.run(resetPassword("admin", "--pasword=hunter2-secret"));
    expect(mistyped.status).toBe(2);
    expect(mistyped.stderr).toContain("error: unknown option '--pasword=…'");
    expect(mistyped.stderr).not.toContain("hunter2");
    const both = await cli.run(resetPassword("admin", "--password", "x", "--password-stdin"));
    expect(both).toMatchObject({
      status: 2,
      stderr:
        "use either --password or --password-stdin, not both\nusage: pyroscope admin user reset-password [options]\n",
    });
    const none = await cli.run([
      "admin",
      "user",
      "reset-password",
      "--password",
      "a-strong-new-pass",
    ]);
    expect(none).toMatchObject({
      status: 2,
      stderr:
        "a user name is needed: --username or PYROSCOPE_USERNAME\nusage: pyroscope admin user reset-password [options]\n",
    });
  });

  it("refuses an option where a value belongs, and changes nothing", async () => {
    const cli = cliOn();
    const args = resetPassword("admin", "--password");
    // The value forgotten: --enable was taken as the new password.
    const forgotten = await cli.run([...args, "--enable"]);
    expect(forgotten).toEqual({
      status: 2,
      stdout: "",
      stderr:
        "error: option '--password <password>' argument '--enable' is invalid. the value is missing (--enable is an option)\nusage: pyroscope admin user reset-password [options]\n",
    });
    for (const value of ["--enable=true", "-h"])
      expect((await cli.run([...args, value])).status, value).toBe(2);
    const users = await cli.users();
    expect(users[0]).toMatchObject({ name: "admin", mustChangePassword: true });
    const running = await startServerOn(cli.storagePath);
    expect((await running.logIn("admin", "--enable")).status).toBe(401);
  });
});

describe("reset-password while the server runs on the same storage", () => {
  it("ends the user's open session at once and lets the new password in", async () => {
    const cli = cliOn();
    const running = await startServerOn(cli.storagePath);
    const { url } = running.server;
    const login = (password: string) => running.logIn("admin", password);
    const cookie = ((await login("admin")).headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect((await fetch(`${url}/auth/trpc/user.me`, { headers: { cookie } })).status).toBe(200);

    const result = await cli.run(resetPassword("admin", "--password", "reset-while-running"));
    expect(result.status).toBe(0);
    expect((await fetch(`${url}/auth/trpc/user.me`, { headers: { cookie } })).status).toBe(401);
    expect((await login("admin")).status).toBe(401);
    expect((await login("reset-while-running")).status).toBe(200);
  });
});
