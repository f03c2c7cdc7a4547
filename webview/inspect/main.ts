// Inspect Model webview entry: wires the host's messages (the shared request/response helper,
// each validated against shared/protocol/inspectPage.ts before it gets here), the toolbar, the diagrams, the tooltip, the side
// pane and the saved state. Layout and rendering live in layout.ts and render.ts.
// First: configures the translations before any module below renders a string.
import * as l10n from '@vscode/l10n';
import '../l10n';
import type { KnobValue } from '../../models';
import type { ModelConfig, ModelData, Slot } from '../../shared/protocol/inspect';
import { registerToolkit } from '../toolkit';
import { alignmentRows, renderCompareTable } from './compare';
import { counterpartGroup } from './counterpart';
import type { ExportRequest } from './choices';
import { KnobPanel, Toolbar } from './controls';
import { CostView, DEFAULT_COST_SETTINGS } from './costView';
import { renderDetails } from './details';
import { Diagram } from './diagram';
import { svgText, pngBase64, type ExportCaption } from './exportView';
import { bytes, compact, integer, shape } from '../../models/report/format';
import { rfText } from './labels';
import { applyLatency } from './latency';
import { effectiveMetric, metricChoices, weightLegendNote, type Metric } from './metrics';
import { nextMatch, searchMatches } from './search';
import { Overview } from './overview';
import { Tooltip } from './tooltip';
import { inspectHost, loadState, saveState, type PageState } from './vscodeApi';

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
  memory: (p) => inspectHost.request('trainMemory', p),
  profile: (p) => inspectHost.request('profile', p),
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
        if (slot === 'main' && box && d?.sourceLines) inspectHost.notify('selected', { path: box.kind === 'node' ? d.nodes[box.index].path : d.groups[box.index].path });
      },
      changed: () => persist(),
      toggled: (index, open) => followInOtherPane(slot, index, open),
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
    this.diagram.setMetric(state.metric);
    const view = state.views[slot];
    if (view) this.diagram.restore(view);
  }
}

const views: Record<Slot, SlotView> = { main: new SlotView('main'), compare: new SlotView('compare') };
views.compare.pane.hidden = true;
let activeView: SlotView = views.main;
for (const v of Object.values(views)) v.pane.addEventListener('focusin', () => (activeView = v));

function persist(): void {
  for (const v of Object.values(views)) {
    const d = v.diagram;
    if (d.data) state.views[v.slot] = d.viewState();
  }
  saveState(state);
}

function showDetails(v: SlotView): void {
  activeView = v;
  const d = v.diagram;
  renderDetails(details, d.data, d.selected ? d.resolveKey(d.selected) : undefined, (key) => d.select(key, true), (path) => inspectHost.notify('showReceptiveField', { slot: v.slot, path }));
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
      ['input', shape([3, ...d.input]), undefined, l10n.t('input')],
      ['depth', String(t.depth), undefined, l10n.t('depth')],
      ['params', compact(t.params), integer(t.params), l10n.t('params')],
      ['MACs', compact(t.macs), integer(t.macs), l10n.t('MACs')],
      ['features', shape(t.featureShape), undefined, l10n.t('features')],
      ['receptive field', rfText(t.rf), l10n.t('at the feature map, in input pixels'), l10n.t('receptive field')],
      ['activations', bytes(t.activationBytes), l10n.t('fp32, batch 1, every node output'), l10n.t('activations')],
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
  inspectHost.notify('configure', { slot, config });
}

const mainData = () => views.main.diagram.data;
const comparing = () => !views.compare.pane.hidden;

const toolbarView = new Toolbar(toolbar, {
  pickSource: (source) => {
    const d = mainData();
    if (source.kind === 'preset') configure('main', { source });
    else if (source.kind === 'file' && d?.source.kind === 'file') configure('main', { source: d.source });
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
    for (const v of Object.values(views)) v.diagram.setMetric(m);
    renderLegend();
    persist();
  },
  search: (q, next) => search(q, next),
  action: (name) => {
    // While comparing, Fit, Expand all and Collapse act on both panes (their rows stay aligned).
    const panes = comparing() ? [views.main.diagram, views.compare.diagram] : [activeView.diagram];
    if (name === 'fit') panes.forEach((dg) => dg.fit());
    else if (name === 'expandAll') panes.forEach((dg) => dg.expandAll(true));
    else if (name === 'collapseAll') panes.forEach((dg) => dg.expandAll(false));
    else if (name === 'compare') inspectHost.notify('pickModel', { slot: 'compare' });
    else if (name === 'closeCompare') inspectHost.notify('clearCompare', {});
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

/** Compare mode: the group toggled in one pane opens or closes its counterpart (same path, or same role) in the other. */
function followInOtherPane(slot: Slot, index: number, open: boolean): void {
  if (!comparing()) return;
  const from = views[slot].diagram;
  const other = views[slot === 'main' ? 'compare' : 'main'].diagram;
  if (!from.data || !other.data) return;
  const target = counterpartGroup(from.data, other.data, index);
  if (target !== undefined) other.setExpanded(target, open);
}

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
  if (d) toolbarView.update(d, effectiveMetric(state.metric, d), comparing());
  const c = views.compare.diagram.data;
  compareKnobs.element.hidden = !(c && comparing());
  if (c && comparing()) compareKnobs.update(c, l10n.t('Knobs of {0} (compared)', c.id));
  renderLegend();
}

function renderLegend(): void {
  legend.replaceChildren();
  const s = activeView.diagram.scale;
  const d = activeView.diagram.data;
  // A weight mode on a model without weight statistics (the compared model, or another one opened since) colours nothing.
  if (effectiveMetric(state.metric, d) === 'none') return;
  s.edges.forEach((edge, i) => {
    const item = document.createElement('span');
    item.className = `legend-item heat-${i}`;
    const sw = document.createElement('span');
    sw.className = 'swatch';
    item.append(sw, `≥ ${s.label(edge)}`);
    legend.append(item);
  });
  const note = weightLegendNote(state.metric, d);
  if (note) {
    const item = document.createElement('span');
    item.className = `legend-note${d?.weightStats?.partial ? ' partial' : ''}`;
    item.textContent = note;
    legend.append(item);
  }
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
  dg.setMatches(keys);
  if (step !== 0 && keys.length > 0) {
    matchCursor = nextMatch(keys, needle, matchCursor, step);
    dg.select(keys[matchCursor], true);
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
  const metric = metricChoices(d).find((m) => m.value === state.metric)?.label ?? '';
  return {
    lines: [
      `${d.id} — ${d.description}`,
      `${l10n.t('input {0} · depth {1} · {2} params · {3} MACs · receptive field {4}', shape([3, ...d.input]), t.depth, integer(t.params), integer(t.macs), rfText(t.rf))}${legendItems.length ? ` · ${metric}` : ''}`,
    ],
    legend: legendItems,
  };
}

/** The host's answer to an export goes to the status line (nothing when the save was cancelled). */
function exported(answer: { message: string | null }): void {
  if (answer.message) setStatus(answer.message);
}

async function exportAs({ format, target }: ExportRequest): Promise<void> {
  const dg = activeView.diagram;
  if (!dg.layout) return;
  try {
    if (format === 'markdown' || format === 'csv') return exported(await inspectHost.request('exportTable', { format, target, slot: activeView.slot }));
    const layout = dg.layout;
    const svg = dg.withEverything(() => svgText(dg.svgElement, layout.width, layout.height, exportCaption(dg)));
    if (format === 'svg') return exported(await inspectHost.request('exportImage', { format: 'svg', target, data: svg }));
    exported(await inspectHost.request('exportImage', { format: 'png', target: 'file', data: await pngBase64(svg, layout.width, layout.height) }));
  } catch (err) {
    setStatus(l10n.t('{0} export failed: {1}', format.toUpperCase(), err instanceof Error ? err.message : String(err)), 'error');
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
    realign = !sameRows(v.diagram.alignment, mine) || !sameRows(other.diagram.alignment, theirs) || !v.diagram.paired;
    if (realign) {
      Diagram.pair(v.diagram, mine, other.diagram, theirs);
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
  const layers = data.nodes.length === 1 ? l10n.t('1 layer') : l10n.t('{0} layers', integer(data.nodes.length));
  if (!focus) setStatus(l10n.t('{0}: {1} (all ops), drawn in {2} ms', data.id, layers, ms.toFixed(0)));
  // For the bench and the e2e tests: when the first paint after this model is complete.
  requestAnimationFrame(() => document.body.setAttribute('data-rendered', `${slot}:${data.id}:${Date.now()}`));
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

inspectHost.on('catalog', (m) => {
  toolbarView.setPresets(m.presets);
  updateToolbar();
});
inspectHost.on('model', (m) => onModel(m.slot, m.data, m.focus));
inspectHost.on('error', (m) => {
  const v = views[m.slot];
  v.error = m.message;
  setStatus(m.message, 'error');
  v.banner.textContent = v.diagram.data ? l10n.t('{0} (still showing {1})', m.message, v.diagram.data.id) : m.message;
  v.banner.hidden = false;
});
inspectHost.on('clearCompare', () => {
  views.compare.pane.hidden = true;
  views.compare.diagram.clear();
  views.main.diagram.unpair();
  views.main.diagram.redraw();
  diagrams.classList.remove('comparing');
  delete state.compare;
  delete state.views.compare;
  // The side pane showed whichever pane was last used; the compared model is gone.
  showDetails(views.main);
  views.main.diagram.refitWhenResized();
  renderSummary();
  updateToolbar();
  updateCompare();
  persist();
});
inspectHost.on('focus', (m) => {
  const key = views.main.diagram.keyForPath(m.path);
  if (key) views.main.diagram.select(key, true);
});
inspectHost.on('measureLatency', () => costView.measureNow());

window.addEventListener('resize', () => tooltip.hide());

inspectHost.notify('ready', { ...(state.main ? { main: state.main } : {}), ...(state.compare ? { compare: state.compare } : {}) });
