/** Plain aligned columns for a terminal; `--json` exists for scripts. */
export function formatTable(headers: string[], rows: string[][]): string {
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
