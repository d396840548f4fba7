const escapes: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * A cell as visible text: control and invisible format characters as escapes. Anyone can put
 * them in the audit trail (a failed login records the typed name), and printed raw they forged
 * table rows (CR LF) or drove the terminal (ESC sequences).
 */
function visible(cell: string): string {
  return cell.replace(
    /[\p{Cc}\p{Cf}]/gu,
    (char) => escapes[char] ?? `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

/** Plain aligned columns for a terminal; `--json` exists for scripts. */
export function formatTable(headers: string[], cells: string[][]): string {
  const rows = cells.map((row) => row.map(visible));
  // A loop, not Math.max(...cells): spreading one argument per row overflowed the stack at
  // ~125,000 users.
  const widths = headers.map((header) => header.length);
  for (const row of rows) {
    for (const [column, cell] of row.entries()) {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    }
  }
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}
