import { join } from "node:path";
import { loadConfig } from "@pyroscope-auth/auth-core";
import { createUser } from "@pyroscope-auth/db";
import { capDatabaseSize } from "@pyroscope-auth/db/testing";
import { expect, it } from "vitest";
import { withDatabase } from "./cli-context.js";
import { describeFailure } from "./cli-error.js";
import { exitCodes } from "./exit-codes.js";
import { cliOn } from "./testing/run-cli.js";

it("a write the database has no room for fails in one line naming the file, and is not made", async () => {
  const cli = cliOn();
  await cli.users();
  const { config } = loadConfig({
    argv: [`--storage-path=${cli.storagePath}`, "--auth.password-hash.memory-kib=1024"],
    env: {},
  });
  let attempted = "";
  const failure = await withDatabase(config, async (ctx) => {
    await capDatabaseSize(ctx.em);
    // The cap leaves the free room of the pages on file: the first few accounts still fit.
    for (let index = 0; index < 300; index += 1) {
      attempted = `reader-${index}`;
      await createUser(ctx, { name: attempted, password: "reader-passphrase", role: "ReadOnly" });
    }
  }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(describeFailure(failure)).toEqual({
    message: `the database at ${join(cli.storagePath, "pyroscope.sqlite3")} is full: free space on its disk, then run the command again`,
    exitCode: exitCodes.refused,
  });
  const names = (await cli.users()).map((user) => user.name);
  expect(names).toContain("reader-0");
  expect(names).not.toContain(attempted);
});
