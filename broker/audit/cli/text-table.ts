/**
 * Rows as aligned columns for people to read: a header, then one line per row, each
 * column as wide as its widest cell, separated by two spaces, no trailing blanks.
 *
 * @example
 * textTable(['seq', 'type'], [['12', 'exchange.pull']]); // ['seq  type', '12   exchange.pull']
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = header.map((title, c) =>
    Math.max(title.length, ...rows.map((row) => (row[c] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** A value for a cell: `-` for what an entry does not have. */
export function cell(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '-' : String(value);
}
