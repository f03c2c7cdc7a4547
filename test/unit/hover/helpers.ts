// Helpers for the hover tests: find a position in a fixture text, read a number out of a hover table.
import { computeHover, type HoverResult } from '../../../extension/hover/hoverLogic';

/** Offset of `needle` (the n-th occurrence, 0-based) plus `delta`; throws if absent so a typo fails loudly. */
export function offsetOf(text: string, needle: string, delta = 0, occurrence = 0): number {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not in the fixture`);
  }
  return at + delta;
}

export function pyHover(text: string, needle: string, delta = 1, occurrence = 0): HoverResult | undefined {
  return computeHover({ languageId: 'python', fileName: '/w/model.py', uri: 'file:///w/model.py', text }, offsetOf(text, needle, delta, occurrence));
}

export const VARIANT_URI = 'file:///w/reid.backbone.json';

export function jsonHover(text: string, needle: string, delta = 1, occurrence = 0): HoverResult | undefined {
  return computeHover({ languageId: 'json', fileName: '/w/reid.backbone.json', uri: VARIANT_URI, text }, offsetOf(text, needle, delta, occurrence));
}

/** The cells of the table row whose label is `label` (label cell excluded). */
export function row(markdown: string, label: string): string[] | undefined {
  for (const line of markdown.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    if (cells[0] === label) return cells.slice(1);
  }
  return undefined;
}

/** The leading integer of a cell: "25,557,032 (25.56 M)" → 25557032; "−3" → -3. */
export function num(cell: string | undefined): number {
  const m = /^([+−-]?)([\d,]+)/.exec(cell ?? '');
  if (!m) throw new Error(`no number in "${cell}"`);
  const v = Number(m[2].replace(/,/g, ''));
  return m[1] === '−' || m[1] === '-' ? -v : v;
}

/** The argument of the Inspect link, decoded. */
export function inspectArg(markdown: string): unknown {
  const m = /\(command:backboneLens\.inspectModel\?([^ )]+)/.exec(markdown);
  if (!m) return undefined;
  return (JSON.parse(decodeURIComponent(m[1])) as unknown[])[0];
}
