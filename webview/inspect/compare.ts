// Compare: two models side by side, their top-level parts (stem, stages, transitions, head)
// aligned by kind and position, with the differences of the engine's numbers.
import * as l10n from '@vscode/l10n';
import type { GroupData, ModelData } from '../../shared/protocol/inspect';
import { integer, shape, signedInteger, signedPercent } from '../../models/report/format';
import { displayLabel, rfCell } from './labels';

export interface AlignedRow {
  name: string;
  a: GroupData | undefined;
  b: GroupData | undefined;
  /** Indices of a and b in their models' groups. */
  ia?: number;
  ib?: number;
}

/** Pairs the model's top-level groups by kind and ordinal (stage 2 with stage 2, head with head). */
export function alignStages(a: ModelData, b: ModelData): AlignedRow[] {
  const keyed = (d: ModelData) => {
    const count = new Map<string, number>();
    return d.groups[0].children.map((index) => {
      const g = d.groups[index];
      const i = (count.get(g.kind) ?? 0) + 1;
      count.set(g.kind, i);
      return { key: `${g.kind} ${i}`, g, index };
    });
  };
  const ka = keyed(a);
  const kb = keyed(b);
  // The order of the model with more parts; the other's extras go right after their predecessor.
  const [primary, other] = kb.length > ka.length ? [kb, ka] : [ka, kb];
  const keys = primary.map((x) => x.key);
  other.forEach((x, i) => {
    if (keys.includes(x.key)) return;
    const before = i > 0 ? keys.indexOf(other[i - 1].key) : -1;
    keys.splice(before + 1, 0, x.key);
  });
  return keys.map((key) => {
    const xa = ka.find((x) => x.key === key);
    const xb = kb.find((x) => x.key === key);
    return { name: (xa ?? xb)!.g.label, a: xa?.g, b: xb?.g, ...(xa ? { ia: xa.index } : {}), ...(xb ? { ib: xb.index } : {}) };
  });
}

/** Rows of the aligned top-level groups of each model (group index → row), for layoutDiagram's `align`. */
export function alignmentRows(a: ModelData, b: ModelData): { a: Map<number, number>; b: Map<number, number> } {
  const rows = alignStages(a, b);
  const ra = new Map<number, number>();
  const rb = new Map<number, number>();
  rows.forEach((r, i) => {
    if (r.ia !== undefined) ra.set(r.ia, i);
    if (r.ib !== undefined) rb.set(r.ib, i);
  });
  return { a: ra, b: rb };
}

/** A cell of the table; `trend` colours a difference (up: b is larger). */
interface Cell {
  readonly text: string;
  readonly trend?: 'up' | 'down';
}

function delta(a: number | undefined, b: number | undefined): Cell {
  if (a === undefined || b === undefined) return { text: '' };
  const d = b - a;
  if (d === 0) return { text: '=' };
  const pct = a !== 0 ? ` (${signedPercent(d / a)})` : '';
  return { text: `${signedInteger(d)}${pct}`, trend: d > 0 ? 'up' : 'down' };
}

/** The totals row's name (English: the alignment's rows carry the engine's labels). */
const TOTAL = 'Total';

/** "x" when both sides agree, else "x | y" (A's first); "—" for a side that has no such part. */
function pair(a: string | undefined, b: string | undefined): string {
  return a !== undefined && a === b ? a : `${a ?? '—'} | ${b ?? '—'}`;
}

/**
 * The Δ table. It names the models once, in its caption (A is the left pane, B the right), so
 * that its headers stay short and it fits the panel's width; its own box scrolls when a very
 * narrow panel still cannot hold it.
 */
export function renderCompareTable(host: HTMLElement, a: ModelData, b: ModelData): void {
  host.replaceChildren();
  const t = document.createElement('table');
  t.className = 'compare';
  const caption = t.createCaption();
  caption.textContent = l10n.t('A: {0} (left) · B: {1} (right)', a.id, b.id);
  const head = t.createTHead();
  const groups = head.insertRow();
  for (const [text, span] of [['', 1], [l10n.t('Params'), 3], [l10n.t('MACs'), 3], [l10n.t('Output'), 1], [l10n.t('RF size/min/stride'), 1]] as const) {
    const th = document.createElement('th');
    th.textContent = text;
    th.colSpan = span;
    groups.append(th);
  }
  const sub = head.insertRow();
  for (const text of ['', 'A', 'B', 'Δ', 'A', 'B', 'Δ', 'A | B', 'A | B']) {
    const th = document.createElement('th');
    th.textContent = text;
    sub.append(th);
  }
  const body = t.createTBody();
  const rows: Array<{ name: string; a?: { params: number; macs: number; shape: number[]; rf: GroupData['rf'] }; b?: { params: number; macs: number; shape: number[]; rf: GroupData['rf'] } }> = [
    ...alignStages(a, b),
    { name: TOTAL, a: { ...a.groups[0], shape: a.totals.featureShape, rf: a.totals.rf }, b: { ...b.groups[0], shape: b.totals.featureShape, rf: b.totals.rf } },
  ];
  for (const r of rows) {
    const tr = body.insertRow();
    const cells: Cell[] = [
      { text: r.name === TOTAL ? l10n.t('Total') : displayLabel(r.name) },
      { text: r.a ? integer(r.a.params) : '—' },
      { text: r.b ? integer(r.b.params) : '—' },
      delta(r.a?.params, r.b?.params),
      { text: r.a ? integer(r.a.macs) : '—' },
      { text: r.b ? integer(r.b.macs) : '—' },
      delta(r.a?.macs, r.b?.macs),
      { text: pair(r.a && shape(r.a.shape), r.b && shape(r.b.shape)) },
      { text: pair(r.a && rfCell(r.a.rf), r.b && rfCell(r.b.rf)) },
    ];
    cells.forEach((c, i) => {
      const td = tr.insertCell();
      td.textContent = c.text;
      // Differences, shapes and fields may wrap at their spaces (the exact counts never do).
      const wraps = i === 3 || i === 6 || i >= 7;
      if (i > 0) td.className = ['num', c.trend, wraps ? 'wraps' : undefined].filter(Boolean).join(' ');
    });
    if (r.name === TOTAL) tr.className = 'total';
  }
  host.append(t);
}
