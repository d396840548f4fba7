/** What the shell sees: 0 done, 1 refused by a rule (or not found), 2 wrong usage or config. */
export const exitCodes = {
  ok: 0,
  refused: 1,
  usage: 2,
} as const;
