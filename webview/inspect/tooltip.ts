// The hover card: an item's numbers, exactly as the engine computed them.
import type { ModelData } from '../../shared/protocol/inspect';
import { bytes, integer, receptiveField, shape } from '../../models/report/format';
import { opSummary } from './labels';
import type { LayoutBox } from './layout';

export function statRows(d: ModelData, b: Pick<LayoutBox, 'kind' | 'index'>): Array<[string, string]> {
  const s = b.kind === 'group' ? d.groups[b.index] : d.nodes[b.index];
  const model = b.kind === 'group' && d.groups[b.index].kind === 'model';
  const rows: Array<[string, string]> = [
    ['Output', shape(s.shape)],
    ['Params', integer(s.params)],
    ['MACs', integer(s.macs)],
    // The model's own output (the classifier's) sees the whole image; what the header and the
    // CLI report is the feature map's, so the model says that one, and where it is measured.
    ['Receptive field', model ? `${receptiveField(d.totals.rf)} at the feature map ${shape(d.totals.featureShape)}` : receptiveField(s.rf)],
    ['Activations', bytes(s.activationBytes)],
  ];
  if (b.kind === 'group') {
    const g = d.groups[b.index];
    // Depth counts as the name does (convs and linears on the main path); layers are every op in the diagram.
    rows.push(['Depth', String(g.depth)], ['Layers (all ops)', integer(g.nodeCount)]);
  }
  return rows;
}

export function itemHeading(d: ModelData, b: Pick<LayoutBox, 'kind' | 'index'>): { title: string; subtitle: string } {
  if (b.kind === 'group') {
    const g = d.groups[b.index];
    return { title: g.label, subtitle: `${g.path || d.id} · ${g.kind}${g.kind === 'model' ? '' : ' (aggregate)'}` };
  }
  const n = d.nodes[b.index];
  return { title: n.path || 'input', subtitle: opSummary(n.attrs) };
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
    for (const [k, v] of statRows(d, b)) {
      const tr = table.insertRow();
      const th = document.createElement('th');
      th.textContent = k;
      tr.appendChild(th);
      const td = tr.insertCell();
      td.textContent = v;
      td.setAttribute('data-stat', k.toLowerCase());
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
