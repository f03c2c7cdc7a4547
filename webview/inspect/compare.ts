// Compare: two models side by side, their top-level parts (stem, stages, transitions, head)
// aligned by kind and position, with the differences of the engine's numbers.
import * as l10n from '@vscode/l10n';
import { displayLabel } from './labels';
import type { GroupData, ModelData } from '../../extension/protocol/inspect';
import { fmtInt, fmtRfShort, fmtShape } from './format';

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

function delta(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined) return '';
  const d = b - a;
  if (d === 0) return '=';
  const pct = a !== 0 ? ` (${d > 0 ? '+' : ''}${((100 * d) / a).toFixed(1)} %)` : '';
  return `${d > 0 ? '+' : '−'}${fmtInt(Math.abs(d))}${pct}`;
}

/** The totals row's name (English: the alignment's rows carry the engine's labels). */
const TOTAL = 'Total';

export function renderCompareTable(host: HTMLElement, a: ModelData, b: ModelData): void {
  host.replaceChildren();
  const t = document.createElement('table');
  t.className = 'compare';
  const head = t.createTHead().insertRow();
  for (const h of ['', l10n.t('{0} params', a.id), l10n.t('{0} params', b.id), l10n.t('Δ params'), l10n.t('{0} MACs', a.id), l10n.t('{0} MACs', b.id), l10n.t('Δ MACs'), l10n.t('output'), l10n.t('RF size/min/stride')]) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  const body = t.createTBody();
  const rows: Array<{ name: string; a?: { params: number; macs: number; shape: number[]; rf: GroupData['rf'] }; b?: { params: number; macs: number; shape: number[]; rf: GroupData['rf'] } }> = [
    ...alignStages(a, b),
    { name: TOTAL, a: { ...a.groups[0], shape: a.totals.featureShape, rf: a.totals.rf }, b: { ...b.groups[0], shape: b.totals.featureShape, rf: b.totals.rf } },
  ];
  for (const r of rows) {
    const tr = body.insertRow();
    const cells = [
      r.name === TOTAL ? l10n.t('Total') : displayLabel(r.name),
      r.a ? fmtInt(r.a.params) : '—',
      r.b ? fmtInt(r.b.params) : '—',
      delta(r.a?.params, r.b?.params),
      r.a ? fmtInt(r.a.macs) : '—',
      r.b ? fmtInt(r.b.macs) : '—',
      delta(r.a?.macs, r.b?.macs),
      `${r.a ? fmtShape(r.a.shape) : '—'} | ${r.b ? fmtShape(r.b.shape) : '—'}`,
      `${r.a ? fmtRfShort(r.a.rf) : '—'} | ${r.b ? fmtRfShort(r.b.rf) : '—'}`,
    ];
    cells.forEach((c, i) => {
      const td = tr.insertCell();
      td.textContent = c;
      if (i > 0) td.className = c.startsWith('+') ? 'num up' : c.startsWith('−') ? 'num down' : 'num';
    });
    if (r.name === TOTAL) tr.className = 'total';
  }
  host.append(t);
}
