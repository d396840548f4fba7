import { loadConfig } from "@pyroscope-auth/auth-core";
import { afterEach, describe, expect, it } from "vitest";
import { User } from "../../entities/user.entity.js";
import { migrateDatabase } from "../../migrate.js";
import { openDatabase } from "../../open-database.js";
import { createServiceDeps } from "../../service-deps.js";
import { logIn } from "../../services/login.js";
import { validateSession } from "../../services/sessions.js";
import { createUser, findUserByName, setUserPassword } from "../../services/users.js";
import {
  expectSignedIn,
  openTestDatabase,
  type TestDatabase,
} from "../../testing/test-database.js";

let server: TestDatabase;
afterEach(async () => {
  await server.close();
});

/** A second ORM on the same file, as the CLI opens one next to a running server. */
async function openSecond(storagePath: string) {
  const { config } = loadConfig({
    argv: [
      `--storage-path=${storagePath}`,
      "--auth.password-hash.memory-kib=1024",
      "--auth.password-hash.iterations=1",
    ],
    env: {},
  });
  const database = await openDatabase(config);
  const deps = createServiceDeps(config, database);
  await migrateDatabase(deps);
  return {
    database,
    deps,
    ctx: () => ({ em: database.fork(), deps, actor: { kind: "cli" } as const }),
  };
}

describe("two ORM instances on one file", () => {
  it("let a CLI-style writer change accounts while the server writes, and the server sees it at once", async () => {
    server = await openTestDatabase({ file: true });
    const { token } = expectSignedIn(
      await logIn(server.ctx({ kind: "anonymous" }), {
        username: "admin",
        password: "admin",
      }),
    ).session;
    const cli = await openSecond(server.storagePath);
    try {
      // Both write at the same time: WAL plus the busy timeout serialise them, nobody fails.
      await Promise.all([
        ...Array.from({ length: 10 }, (_, index) =>
          createUser(server.ctx(), {
            name: `server-${index}`,
            password: "long-enough-secret",
            role: "ReadOnly",
          }),
        ),
        ...Array.from({ length: 10 }, (_, index) =>
          createUser(cli.ctx(), {
            name: `cli-${index}`,
            password: "long-enough-secret",
            role: "ReadOnly",
          }),
        ),
      ]);
      expect(await server.orm.em.fork().count(User, {})).toBe(21);

      const admin = await findUserByName(cli.ctx().em, "admin");
      await setUserPassword(cli.ctx(), admin.id, "reset-from-the-cli");
      await expect(validateSession(server.deps, token)).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
      });
      await expect(
        logIn(server.ctx({ kind: "anonymous" }), {
          username: "admin",
          password: "reset-from-the-cli",
        }),
      ).resolves.toBeTruthy();
    } finally {
      await cli.database.close();
    }
  });

  it("keep everything across a reopen", async () => {
    server = await openTestDatabase({ file: true });
    await createUser(server.ctx(), {
      name: "kept",
      email: "kept@example.com",
      password: "long-enough-secret",
      role: "Agent",
    });
    await server.database.close();
    const reopened = await openSecond(server.storagePath);
    try {
      expect(await findUserByName(reopened.ctx().em, "kept")).toMatchObject({
        email: "kept@example.com",
        role: "Agent",
      });
    } finally {
      await reopened.database.close();
    }
    server = await openTestDatabase({ storagePath: server.storagePath });
  });
});
