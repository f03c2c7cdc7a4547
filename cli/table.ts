// Plain-text tables of the CLI's output; the numbers in them come from models/report/format.

export interface Column {
  title: string;
  align: 'left' | 'right';
}

/** A plain-text table with a rule under the header. */
export function table(columns: readonly Column[], rows: readonly string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1));
  return [line(columns.map((c) => c.title)), rule, ...rows.map(line)].join('\n');
}
