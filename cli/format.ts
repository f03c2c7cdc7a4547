// Number and table formatting for the CLI's text output.

/** 25557032 → "25,557,032". */
export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

/** 4089184256 → "4.09 G". */
export function si(n: number): string {
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${(n / v).toFixed(2)} ${u}`;
  return String(n);
}

/** Bytes as MiB with two decimals. */
export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
}

/** Bytes in the largest binary unit that keeps the number at least 1: "2.56 GiB", "263.38 MiB". */
export function binaryBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [2 ** 40, 'TiB'],
    [2 ** 30, 'GiB'],
    [2 ** 20, 'MiB'],
    [2 ** 10, 'KiB'],
  ];
  for (const [v, u] of units) if (bytes >= v) return `${(bytes / v).toFixed(2)} ${u}`;
  return `${bytes} B`;
}

export function shape(s: readonly number[]): string {
  return s.join('×');
}

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
