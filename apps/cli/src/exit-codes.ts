/**
 * What the shell sees: 0 done, 1 refused by a rule (or not found), 2 wrong usage or config,
 * 141 (a SIGPIPE's) the reader of its output went away before all of it was written.
 */
export const exitCodes = {
  ok: 0,
  refused: 1,
  usage: 2,
  outputClosed: 141,
} as const;
