// The side pane: the selected item's numbers, its attributes or inputs, and for a group the
// breakdown of its children (each a link that selects it).
import * as l10n from '@vscode/l10n';
import { displayLabel, kindName } from './labels';
import type { ModelData, StatsData } from '../../extension/protocol/inspect';
import { groupItemsInOrder } from '../../models/graph/order';
import { fmtInt, fmtShape, fmtShort, opSummary, shortName } from './format';
import { percent } from '../percent';
import { appendLatencyCells, latencyHeaders } from './latency';
import { itemHeading, statRows } from './tooltip';

export type SelectHandler = (key: string) => void;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function link(text: string, key: string, onSelect: SelectHandler): HTMLElement {
  const a = el('a', 'item-link', text);
  a.href = '#';
  a.setAttribute('data-key', key);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    onSelect(key);
  });
  return a;
}

/** Asks the host to show a node's or group's receptive field on an image (by its path). */
export type ShowRfHandler = (path: string) => void;

/** "Show receptive field on an image…" for an item with a spatial output. */
function rfButton(path: string, shape: readonly number[], onShowRf: ShowRfHandler | undefined): HTMLElement | undefined {
  if (!onShowRf || shape.length !== 3 || path === '') return undefined;
  const b = el('button', 'rf-lens', l10n.t('Show receptive field on an image…'));
  b.title = l10n.t("Pick a workspace image and see {0}'s output grid on it, with a cell's receptive field", path);
  b.addEventListener('click', () => onShowRf(path));
  return b;
}

export function renderDetails(
  host: HTMLElement,
  d: ModelData | undefined,
  ref: { kind: 'group' | 'node'; index: number } | undefined,
  onSelect: SelectHandler,
  onShowRf?: ShowRfHandler,
): void {
  host.replaceChildren();
  if (!d) return;
  if (!ref) {
    host.append(el('p', 'hint', l10n.t('Click a box to see its details here. Hover for its numbers; double-click (or +) expands a group. Keys: arrows move, Enter selects and opens or closes a group, Space selects, → and ← expand and collapse, + and − zoom, 0 fits.')));
    ref = { kind: 'group', index: 0 };
  }
  const { title, subtitle } = itemHeading(d, ref);
  host.append(el('h2', 'details-title', title), el('div', 'details-sub', subtitle));
  const stats = el('table', 'stats');
  for (const [k, v, id] of statRows(d, ref)) {
    const tr = stats.insertRow();
    tr.append(el('th', undefined, k));
    const td = tr.insertCell();
    td.textContent = v;
    td.setAttribute('data-stat', id);
  }
  host.append(stats);
  const item = ref.kind === 'node' ? d.nodes[ref.index] : d.groups[ref.index];
  const rf = rfButton(item.path, item.shape, onShowRf);
  if (rf) host.append(rf);

  if (ref.kind === 'node') {
    const n = d.nodes[ref.index];
    const attrs = el('table', 'attrs');
    for (const [k, v] of Object.entries(n.attrs)) {
      if (k === 'op') continue;
      const tr = attrs.insertRow();
      tr.append(el('th', undefined, k));
      tr.insertCell().textContent = Array.isArray(v) ? v.join(' × ') : String(v);
    }
    if (attrs.rows.length > 0) host.append(el('h3', undefined, l10n.t('Attributes')), attrs);
    if (n.inputs.length > 0) {
      host.append(el('h3', undefined, l10n.t('Inputs')));
      const ul = el('ul', 'inputs');
      for (const i of n.inputs) {
        const li = el('li');
        li.append(link(d.nodes[i].path || l10n.t('input'), `n:${d.nodes[i].path}`, onSelect), el('span', 'muted', ` ${fmtShape(d.nodes[i].shape)}`));
        ul.append(li);
      }
      host.append(ul);
    }
    const parent = d.groups[n.group];
    host.append(el('h3', undefined, l10n.t('In')), link(displayLabel(parent.label), `g:${parent.path}`, onSelect));
    return;
  }

  const g = d.groups[ref.index];
  if (g.parent >= 0) {
    const p = d.groups[g.parent];
    host.append(el('h3', undefined, l10n.t('In')), link(displayLabel(p.label), `g:${p.path}`, onSelect));
  }
  // Children in graph order: the group's own layers and its child groups.
  const rows = groupItemsInOrder(d.groups, ref.index)
    .filter((item) => item.kind === 'group' || d.nodes[item.index].attrs.op !== 'input')
    .map((item) => {
      if (item.kind === 'node') {
        const n = d.nodes[item.index];
        return { key: `n:${n.path}`, name: shortName(n.path, g.path), what: opSummary(n.attrs), s: n as StatsData };
      }
      const c = d.groups[item.index];
      return { key: `g:${c.path}`, name: displayLabel(c.label), what: kindName(c.kind), s: c as StatsData };
    });
  if (rows.length === 0) return;
  host.append(el('h3', undefined, l10n.t('Breakdown')));
  const t = el('table', 'breakdown');
  const head = t.createTHead().insertRow();
  for (const h of ['', l10n.t('output'), l10n.t('params'), l10n.t('MACs'), l10n.t('% MACs'), ...(d.latency ? latencyHeaders() : [])]) head.append(el('th', undefined, h));
  (head.children[4] as HTMLElement).title = l10n.t("share of {0}'s MACs", displayLabel(g.label));
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    const name = tr.insertCell();
    name.append(link(r.name, r.key, onSelect));
    name.title = r.what;
    tr.insertCell().textContent = fmtShape(r.s.shape);
    const p = tr.insertCell();
    p.textContent = fmtShort(r.s.params);
    p.title = fmtInt(r.s.params);
    const m = tr.insertCell();
    m.textContent = fmtShort(r.s.macs);
    m.title = fmtInt(r.s.macs);
    // The share as a number and a bar beside it (a track the width of 100 %, filled to the share).
    const pct = tr.insertCell();
    pct.className = 'pct';
    const share = g.macs > 0 ? r.s.macs / g.macs : undefined;
    const track = el('span', 'bar');
    track.setAttribute('aria-hidden', 'true');
    const fill = el('span', 'bar-fill');
    fill.style.width = `${share === undefined ? 0 : Math.min(100, share * 100).toFixed(1)}%`;
    track.append(fill);
    pct.append(track, el('span', 'pct-text', share === undefined ? '—' : percent(share)));
    appendLatencyCells(tr, r.s, d);
  }
  host.append(t);
}
