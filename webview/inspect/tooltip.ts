// The hover card: an item's numbers, exactly as the engine computed them.
import * as l10n from '@vscode/l10n';
import type { ModelData } from '../../shared/protocol/inspect';
import { bytes, integer, percent, shape, statistic } from '../../models/report/format';
import { displayLabel, kindName, opSummary, rfText } from './labels';
import type { LayoutBox } from './layout';

/** [label, value, id]: the label in the display language, the id (the English label, lower case) for data-stat. */
export type StatRow = [label: string, value: string, id: string];

export function statRows(d: ModelData, b: Pick<LayoutBox, 'kind' | 'index'>): StatRow[] {
  const s = b.kind === 'group' ? d.groups[b.index] : d.nodes[b.index];
  const model = b.kind === 'group' && d.groups[b.index].kind === 'model';
  const rows: StatRow[] = [
    [l10n.t('Output'), shape(s.shape), 'output'],
    [l10n.t('Params'), integer(s.params), 'params'],
    [l10n.t('MACs'), integer(s.macs), 'macs'],
    // The model's own output (the classifier's) sees the whole image; what the header and the
    // CLI report is the feature map's, so the model says that one, and where it is measured.
    [l10n.t('Receptive field'), model ? l10n.t('{0} at the feature map {1}', rfText(d.totals.rf), shape(d.totals.featureShape)) : rfText(s.rf), 'receptive field'],
    [l10n.t('Activations'), bytes(s.activationBytes), 'activations'],
  ];
  // The checkpoint's weights (Inspect opened from the checkpoint editor): a layer's `.weight`
  // tensor, a group's conv and linear weights pooled (extension/inspect/weightStats.ts).
  if (s.weights) {
    const w = s.weights;
    rows.push(
      [b.kind === 'group' ? l10n.t('Weight std (conv, linear)') : l10n.t('Weight std'), statistic(w.std), 'weight std'],
      [b.kind === 'group' ? l10n.t('Zero weights (conv, linear)') : l10n.t('Zero weights'), l10n.t('{0} ({1} of {2})', percent(w.count > 0 ? w.zeros / w.count : 0), integer(w.zeros), integer(w.count)), 'zero weights'],
    );
  }
  if (b.kind === 'group') {
    const g = d.groups[b.index];
    // Depth counts as the name does (convs and linears on the main path); layers are every op in the diagram.
    rows.push([l10n.t('Depth'), String(g.depth), 'depth'], [l10n.t('Layers (all ops)'), integer(g.nodeCount), 'layers (all ops)']);
  }
  return rows;
}

export function itemHeading(d: ModelData, b: Pick<LayoutBox, 'kind' | 'index'>): { title: string; subtitle: string } {
  if (b.kind === 'group') {
    const g = d.groups[b.index];
    return { title: displayLabel(g.label), subtitle: `${g.path || d.id} · ${g.kind === 'model' ? kindName(g.kind) : l10n.t('{0} (aggregate)', kindName(g.kind))}` };
  }
  const n = d.nodes[b.index];
  return { title: n.path || l10n.t('input'), subtitle: opSummary(n.attrs) };
}

export class Tooltip {
  readonly el: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'tooltip';
    this.el.setAttribute('role', 'tooltip');
    this.el.hidden = true;
    parent.appendChild(this.el);
  }

  show(d: ModelData, b: LayoutBox, at: { x: number; y: number }): void {
    const { title, subtitle } = itemHeading(d, b);
    this.el.replaceChildren();
    const h = document.createElement('div');
    h.className = 'tt-title';
    h.textContent = title;
    const sub = document.createElement('div');
    sub.className = 'tt-sub';
    sub.textContent = subtitle;
    const table = document.createElement('table');
    for (const [k, v, id] of statRows(d, b)) {
      const tr = table.insertRow();
      const th = document.createElement('th');
      th.textContent = k;
      tr.appendChild(th);
      const td = tr.insertCell();
      td.textContent = v;
      td.setAttribute('data-stat', id);
    }
    this.el.append(h, sub, table);
    this.el.hidden = false;
    const { innerWidth, innerHeight } = window;
    const r = this.el.getBoundingClientRect();
    const x = at.x + 16 + r.width > innerWidth ? at.x - r.width - 12 : at.x + 16;
    const y = at.y + 16 + r.height > innerHeight ? Math.max(4, at.y - r.height - 12) : at.y + 16;
    this.el.style.left = `${Math.max(4, x)}px`;
    this.el.style.top = `${y}px`;
  }

  hide(): void {
    this.el.hidden = true;
  }
}
