// Inspect Model webview entry: wires the host messages (validated by shape: the host is trusted,
// but a stale page may get an unknown type), the toolbar, the diagrams, the tooltip, the side
// pane and the saved state. Layout and rendering live in layout.ts and render.ts.
// First: configures the translations before any module below renders a string.
import * as l10n from '@vscode/l10n';
import '../l10n';
import type { KnobValue } from '../../models';
import type { HostMessage, ModelConfig, ModelData, Slot } from '../../extension/protocol/inspect';
import { registerToolkit } from '../toolkit';
import { alignmentRows, renderCompareTable } from './compare';
import { KnobPanel, Toolbar } from './controls';
import { CostView, DEFAULT_COST_SETTINGS } from './costView';
import { renderDetails } from './details';
import { Diagram } from './diagram';
import { svgText, pngBase64, type ExportCaption } from './exportView';
import { fmtBytes, fmtInt, fmtRf, fmtShape, fmtShort } from './format';
import { applyLatency } from './latency';
import { metricChoices, type Metric } from './metrics';
import { nextMatch, searchMatches } from './search';
import { Overview } from './overview';
import { Tooltip } from './tooltip';
import { loadState, post, saveState, type PageState } from './vscodeApi';

registerToolkit();

const app = document.getElementById('app')!;
app.replaceChildren();
app.removeAttribute('aria-busy');

function div(cls: string, parent: HTMLElement = app): HTMLDivElement {
  const d = document.createElement('div');
  d.className = cls;
  parent.append(d);
  return d;
}

const toolbar = div('toolbar');
const summary = div('summary');
summary.setAttribute('aria-live', 'polite');
const status = div('status');
status.setAttribute('role', 'status');
const body = div('body');
const diagrams = div('diagrams', body);
const details = div('details', body);
details.setAttribute('aria-label', l10n.t('Details of the selected item'));
const compareHost = div('compare-host');
compareHost.hidden = true;
const costView = new CostView({
  post,
  latency: (l) => {
    const d = views.main.diagram.data;
    if (!d || (!l && !d.latency)) return;
    applyLatency(d, l);
    views.main.diagram.redraw();
    renderLegend();
    if (activeView === views.main) showDetails(views.main);
  },
  status: (text, kind) => setStatus(text, kind),
}, { ...DEFAULT_COST_SETTINGS }, false);
app.append(costView.element);
const tooltip = new Tooltip(document.body);

const saved = loadState();
const state: PageState = saved ?? { metric: 'macs', views: {} };
let query = '';
let matchCursor = -1;

class SlotView {
  readonly pane: HTMLDivElement;
  readonly title: HTMLDivElement;
  /** The last request's error, over the diagram (which keeps the last good model) until the next model. */
  readonly banner: HTMLDivElement;
  readonly diagram: Diagram;
  error: string | undefined;

  constructor(readonly slot: Slot) {
    this.pane = div(`pane pane-${slot}`, diagrams);
    this.title = div('pane-title', this.pane);
    this.banner = div('error-banner', this.pane);
    this.banner.setAttribute('role', 'alert');
    this.banner.hidden = true;
    const host = div('svg-host', this.pane);
    this.diagram = new Diagram(host, {
      hover: (box, at) => {
        const d = this.diagram.data;
        if (box && d && box.level > 0) tooltip.show(d, box, at);
        else tooltip.hide();
      },
      select: (box) => {
        showDetails(this);
        // Diagram → source: the host reveals the line that builds it (models read from Python).
        const d = this.diagram.data;
        if (slot === 'main' && box && d?.sourceLines) post({ type: 'selected', path: box.kind === 'node' ? d.nodes[box.index].path : d.groups[box.index].path });
      },
      changed: () => persist(),
      viewChanged: () => scheduleOverview(),
    }, slot === 'main' ? l10n.t('Block diagram') : l10n.t('Comparison block diagram'));
    const overview = new Overview(host, this.diagram);
    let pending = false;
    const scheduleOverview = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        overview.update(host.clientHeight);
      });
    };
    this.diagram.metric = state.metric;
    const view = state.views[slot];
    if (view) {
      view.expanded.forEach((p) => this.diagram.expanded.add(p));
      this.diagram.selected = view.selected;
    }
  }
}

const views: Record<Slot, SlotView> = { main: new SlotView('main'), compare: new SlotView('compare') };
views.compare.pane.hidden = true;
let activeView: SlotView = views.main;
for (const v of Object.values(views)) v.pane.addEventListener('focusin', () => (activeView = v));

function persist(): void {
  for (const v of Object.values(views)) {
    const d = v.diagram;
    if (d.data) state.views[v.slot] = { expanded: [...d.expanded], ...(d.selected ? { selected: d.selected } : {}) };
  }
  saveState(state);
}

function showDetails(v: SlotView): void {
  activeView = v;
  const d = v.diagram;
  renderDetails(details, d.data, d.selected ? d.resolveKey(d.selected) : undefined, (key) => d.select(key, true), (path) => post({ type: 'showReceptiveField', slot: v.slot, path }));
}

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  status.textContent = text;
  status.className = `status ${kind}`;
}

function renderSummary(): void {
  summary.replaceChildren();
  for (const v of Object.values(views)) {
    const d = v.diagram.data;
    if (!d || v.pane.hidden) continue;
    const t = d.totals;
    const line = div('totals', summary);
    // [id (data-total, English), value, title, label in the display language]
    const items: Array<[string, string, string | undefined, string]> = [
      [d.id, d.description, undefined, d.id],
      ['input', `3×${d.input[0]}×${d.input[1]}`, undefined, l10n.t('input')],
      ['depth', String(t.depth), undefined, l10n.t('depth')],
      ['params', fmtShort(t.params), fmtInt(t.params), l10n.t('params')],
      ['MACs', fmtShort(t.macs), fmtInt(t.macs), l10n.t('MACs')],
      ['features', fmtShape(t.featureShape), undefined, l10n.t('features')],
      ['receptive field', fmtRf(t.rf), l10n.t('at the feature map, in input pixels'), l10n.t('receptive field')],
      ['activations', fmtBytes(t.activationBytes), l10n.t('fp32, batch 1, every node output'), l10n.t('activations')],
    ];
    items.forEach(([k, val, title, shown], i) => {
      const s = document.createElement('span');
      s.className = i === 0 ? 'model-id' : 'total';
      if (i === 0) {
        s.textContent = k;
        s.title = val;
      } else {
        const b = document.createElement('b');
        b.textContent = val;
        s.append(`${shown} `, b);
        if (title) s.title = title;
        s.setAttribute('data-total', k);
      }
      line.append(s);
    });
    v.title.textContent = v.slot === 'compare' || !views.compare.pane.hidden ? d.id : '';
  }
}

function configOf(d: ModelData, patch: Partial<ModelConfig> = {}): ModelConfig {
  return { source: d.source, input: d.input, knobs: d.overrides, ...patch };
}

function configure(slot: Slot, config: ModelConfig): void {
  state[slot] = config;
  saveState(state);
  setStatus(l10n.t('Computing…'));
  post({ type: 'configure', slot, config });
}

const mainData = () => views.main.diagram.data;
const comparing = () => !views.compare.pane.hidden;

const toolbarView = new Toolbar(toolbar, {
  pickSource: (value) => {
    const d = mainData();
    if (value.startsWith('preset:')) configure('main', { source: { kind: 'preset', id: value.slice(7) } });
    else if (value.startsWith('file:') && d?.source.kind === 'file') configure('main', { source: d.source });
  },
  setInput: (hw) => {
    const d = mainData();
    if (d) configure('main', configOf(d, { input: hw }));
    const c = views.compare.diagram.data;
    if (c && comparing()) configure('compare', configOf(c, { input: hw }));
  },
  setKnob: (name, value) => setKnob('main', name, value),
  resetKnobs: () => resetKnobs('main'),
  setMetric: (m: Metric) => {
    state.metric = m;
    for (const v of Object.values(views)) {
      v.diagram.metric = m;
      v.diagram.redraw();
    }
    renderLegend();
    persist();
  },
  search: (q, next) => search(q, next),
  action: (name) => {
    const dg = activeView.diagram;
    if (name === 'fit') dg.fit();
    else if (name === 'expandAll') dg.expandAll(true);
    else if (name === 'collapseAll') dg.expandAll(false);
    else if (name === 'compare') post({ type: 'pickModel', slot: 'compare' });
    else if (name === 'closeCompare') post({ type: 'clearCompare' });
  },
  exportAs: (what) => void exportAs(what),
  invalid: (message) => setStatus(message, 'error'),
}, state.metric, query);
// The compared model's knobs, under the main model's (shown while comparing).
const compareKnobs = new KnobPanel({
  setKnob: (name, value) => setKnob('compare', name, value),
  resetKnobs: () => resetKnobs('compare'),
  invalid: (message) => setStatus(message, 'error'),
});
compareKnobs.element.classList.add('compare-knobs');
compareKnobs.element.hidden = true;
toolbar.append(compareKnobs.element);
const legend = div('legend', toolbar);

function setKnob(slot: Slot, name: string, value: KnobValue): void {
  const d = views[slot].diagram.data;
  if (d) configure(slot, configOf(d, { knobs: { ...d.overrides, [name]: value } }));
}

function resetKnobs(slot: Slot): void {
  const d = views[slot].diagram.data;
  if (d) configure(slot, { source: d.source, input: d.input });
}

/** Updates the toolbar in place for the current models (no control is rebuilt unless the family changes). */
function updateToolbar(): void {
  const d = mainData();
  if (d) toolbarView.update(d, state.metric, comparing());
  const c = views.compare.diagram.data;
  compareKnobs.element.hidden = !(c && comparing());
  if (c && comparing()) compareKnobs.update(c, l10n.t('Knobs of {0} (compared)', c.id));
  renderLegend();
}

function renderLegend(): void {
  legend.replaceChildren();
  const s = activeView.diagram.scale;
  if (state.metric === 'none') return;
  s.edges.forEach((edge, i) => {
    const item = document.createElement('span');
    item.className = `legend-item heat-${i}`;
    const sw = document.createElement('span');
    sw.className = 'swatch';
    item.append(sw, `≥ ${s.label(edge)}`);
    legend.append(item);
  });
}

/**
 * Search by path: highlights every match; Enter (step 1) reveals and selects the next one,
 * Shift+Enter (step -1) the previous one, cycling. A new query starts at its exact path match,
 * else at the first match.
 */
function search(q: string, step: -1 | 0 | 1): void {
  if (q !== query) matchCursor = -1;
  query = q;
  const dg = activeView.diagram;
  const d = dg.data;
  if (!d) return;
  const keys = searchMatches(d, q);
  const needle = q.trim();
  dg.matches = new Set(keys);
  if (step !== 0 && keys.length > 0) {
    matchCursor = nextMatch(keys, needle, matchCursor, step);
    dg.select(keys[matchCursor], true);
  } else {
    dg.redraw();
  }
  const found = keys.length === 1 ? l10n.t('1 match for "{0}"', needle) : l10n.t('{0} matches for "{1}"', keys.length, needle);
  setStatus(needle ? `${found}${matchCursor >= 0 && keys.length ? ` (${matchCursor + 1}/${keys.length})` : ''}` : '');
}

/** The exported image's caption: the model and its totals (the header's words) and the legend. */
function exportCaption(dg: Diagram): ExportCaption | undefined {
  const d = dg.data;
  if (!d) return undefined;
  const t = d.totals;
  const legendItems = [...legend.querySelectorAll<HTMLElement>('.legend-item')].map((item) => ({
    label: item.textContent ?? '',
    colour: getComputedStyle(item.querySelector('.swatch')!).backgroundColor,
  }));
  const metric = metricChoices().find((m) => m.value === state.metric)?.label ?? '';
  return {
    lines: [
      `${d.id} — ${d.description}`,
      `${l10n.t('input 3×{0}×{1} · depth {2} · {3} params · {4} MACs · receptive field {5}', d.input[0], d.input[1], t.depth, fmtInt(t.params), fmtInt(t.macs), fmtRf(t.rf))}${legendItems.length ? ` · ${metric}` : ''}`,
    ],
    legend: legendItems,
  };
}

async function exportAs(what: string): Promise<void> {
  const [format, target] = what.split(':') as [string, 'clipboard' | 'file'];
  const dg = activeView.diagram;
  if (!dg.layout) return;
  if (format === 'markdown' || format === 'csv') {
    post({ type: 'exportTable', format, target, slot: activeView.slot });
    return;
  }
  const layout = dg.layout;
  const svg = dg.withEverything(() => svgText(dg.svgElement, layout.width, layout.height, exportCaption(dg)));
  if (format === 'svg') post({ type: 'exportImage', format: 'svg', target, data: svg });
  else {
    try {
      post({ type: 'exportImage', format: 'png', target: 'file', data: await pngBase64(svg, dg.layout.width, dg.layout.height) });
    } catch (err) {
      setStatus(l10n.t('PNG export failed: {0}', err instanceof Error ? err.message : String(err)), 'error');
    }
  }
}

function onModel(slot: Slot, data: ModelData, focus?: string): void {
  const v = views[slot];
  const t0 = performance.now();
  v.error = undefined;
  v.banner.hidden = true;
  if (slot === 'compare' && v.pane.hidden) {
    v.pane.hidden = false;
    diagrams.classList.add('comparing');
    // Both diagrams get new sizes: fit them again once the panes have them.
    views.main.diagram.refitWhenResized();
    v.diagram.refitWhenResized();
  }
  performance.mark('model:start');
  const other = views[slot === 'main' ? 'compare' : 'main'];
  let realign = false;
  if (comparing() && other.diagram.data) {
    // Compare mode: both layouts put corresponding stem/stages/head on the same rows, and both
    // fits share one zoom, so the two diagrams line up stage by stage.
    // A recompute that keeps the rows (a knob change) keeps the user's zoom.
    const rows = slot === 'main' ? alignmentRows(data, other.diagram.data) : alignmentRows(other.diagram.data, data);
    const mine = slot === 'main' ? rows.a : rows.b;
    const theirs = slot === 'main' ? rows.b : rows.a;
    realign = !sameRows(v.diagram.align, mine) || !sameRows(other.diagram.align, theirs) || !v.diagram.peer;
    if (realign) {
      v.diagram.align = mine;
      other.diagram.align = theirs;
      v.diagram.peer = other.diagram;
      other.diagram.peer = v.diagram;
      other.diagram.redraw();
    }
  }
  v.diagram.setData(data);
  if (realign) other.diagram.fit();
  performance.measure('model:diagram', 'model:start');
  if (focus) {
    const key = v.diagram.keyForPath(focus);
    if (key) v.diagram.select(key, true);
    else setStatus(l10n.t('no node or group "{0}" in {1}', focus, data.id), 'error');
  }
  state[slot] = configOf(data);
  performance.mark('model:summary');
  renderSummary();
  updateToolbar();
  performance.measure('model:toolbar', 'model:summary');
  performance.mark('model:details');
  showDetails(v);
  performance.measure('model:details', 'model:details');
  updateCompare();
  persist();
  // Keyboard users start on the diagram, not on the page body (eleven Tabs away).
  if (slot === 'main' && (document.activeElement === null || document.activeElement === document.body)) v.diagram.svgElement.focus({ preventScroll: true });
  if (slot === 'main') costView.onModel(data);
  const ms = performance.now() - t0;
  if (!focus) setStatus(l10n.t('{0}: {1} layers (all ops), drawn in {2} ms', data.id, fmtInt(data.nodes.length), ms.toFixed(0)));
  // For the bench and the e2e tests: when the first paint after this model is complete.
  requestAnimationFrame(() => {
    document.body.setAttribute('data-rendered', `${slot}:${data.id}:${Date.now()}`);
    window.dispatchEvent(new CustomEvent('inspect-rendered', { detail: { slot, id: data.id, ms: performance.now() - t0 } }));
  });
}

function sameRows(a: ReadonlyMap<number, number> | undefined, b: ReadonlyMap<number, number>): boolean {
  return !!a && a.size === b.size && [...b].every(([k, r]) => a.get(k) === r);
}

function updateCompare(): void {
  const a = views.main.diagram.data;
  const b = views.compare.diagram.data;
  if (a && b && !views.compare.pane.hidden) {
    compareHost.hidden = false;
    renderCompareTable(compareHost, a, b);
  } else {
    compareHost.hidden = true;
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const msg = e.data as HostMessage;
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
  switch (msg.type) {
    case 'catalog':
      toolbarView.setPresets(msg.presets);
      updateToolbar();
      break;
    case 'model':
      onModel(msg.slot, msg.data, msg.focus);
      break;
    case 'error': {
      const v = views[msg.slot];
      v.error = msg.message;
      setStatus(msg.message, 'error');
      v.banner.textContent = v.diagram.data ? l10n.t('{0} (still showing {1})', msg.message, v.diagram.data.id) : msg.message;
      v.banner.hidden = false;
      break;
    }
    case 'clearCompare':
      views.compare.pane.hidden = true;
      views.compare.diagram.data = undefined;
      views.compare.diagram.peer = views.main.diagram.peer = undefined;
      views.compare.diagram.align = views.main.diagram.align = undefined;
      views.main.diagram.redraw();
      diagrams.classList.remove('comparing');
      delete state.compare;
      delete state.views.compare;
      activeView = views.main;
      views.main.diagram.refitWhenResized();
      renderSummary();
      updateToolbar();
      updateCompare();
      persist();
      break;
    case 'focus': {
      const key = views.main.diagram.keyForPath(msg.path);
      if (key) views.main.diagram.select(key, true);
      break;
    }
    case 'exported':
      setStatus(msg.message);
      break;
    case 'trainMemory':
    case 'latency':
    case 'costError':
    case 'measureLatency':
      costView.onMessage(msg);
      break;
  }
});

window.addEventListener('resize', () => tooltip.hide());

post({ type: 'ready', ...(state.main ? { main: state.main } : {}), ...(state.compare ? { compare: state.compare } : {}) });
