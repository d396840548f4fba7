#!/usr/bin/env node
// The `pyroscope` command. Config flags (--config, --storage-path, --<key>=...) are taken out
// by auth-core's loader first; commander parses the rest.
import { readFileSync } from "node:fs";
import { ConfigError, loadConfig } from "@pyroscope-auth/auth-core";
import { type Command, CommanderError } from "commander";
import type { CliIo } from "./cli-context.js";
import { CliError, describeFailure } from "./cli-error.js";
import { exitCodes } from "./exit-codes.js";
import { createProgram, usageLine } from "./program.js";

const io: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: {
    username: process.env.PYROSCOPE_USERNAME,
    password: process.env.PYROSCOPE_PASSWORD,
    enable: process.env.PYROSCOPE_ENABLE,
  },
};

/** The command whose action is running, for the usage line after its own usage errors. */
let running: Command | undefined;

function printWarnings(warnings: readonly string[]) {
  for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
}

function fail(error: unknown): void {
  // A config the loader refused: its warnings (a ${VAR} left unset) may say why.
  if (error instanceof ConfigError) printWarnings(error.warnings);
  const { message, exitCode } = describeFailure(error);
  io.stderr.write(`${message}\n`);
  if (running && error instanceof CliError && exitCode === exitCodes.usage)
    io.stderr.write(`${usageLine(running)}\n`);
  process.exitCode = exitCode;
}

async function main() {
  const { version } = JSON.parse(
    readFileSync(new URL("../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  const { config, rest, warnings } = loadConfig({ argv: process.argv.slice(2) });
  printWarnings(warnings);
  const program = createProgram({ config, io }, version).hook("preAction", (_program, action) => {
    running = action;
  });
  try {
    await program.parseAsync(rest, { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Commander has already printed the problem and the usage line.
    // `pyroscope help` asked for it; a group run without its subcommand shows help as an error.
    const shownOnRequest =
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      (error.code === "commander.help" && error.exitCode === 0);
    process.exitCode = shownOnRequest ? exitCodes.ok : exitCodes.usage;
  }
}

// `pyroscope admin audit list | head`: the reader stopped early. Every write to the database
// is done before anything is printed; the code is a SIGPIPE's, silent as one, and not success
// (an API key's only printing may be what was lost).
// Any other failure to write (a full disk) is one line, and says that the change stays.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(exitCodes.outputClosed);
  fail(
    new CliError(`cannot write the output (${error.code}): what the command changed stays changed`),
  );
});

main().catch(fail);
