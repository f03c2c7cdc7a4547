// The checkpoint editor page: the file and its recognised architecture (exact, or nearest with
// the differences; wrapper, prefix, keys that are not weights), totals, the four actions, the
// tensor table (sortable, searchable) with streamed statistics and a progress bar, the selected
// tensor's histogram, and BatchNorm health. A file that cannot be read shows the typed error.
// Every number comes from the host (each message validated on arrival); the page reports what it shows.
// First: configures the translations before any module below renders a string.
import * as l10n from '@vscode/l10n';
import '../l10n';
import { checkpointHostAnswers, checkpointPageServes, type ArchitectureData, type BatchNormRow, type CheckpointAction, type CheckpointError, type CheckpointHeader, type CheckpointHostApi, type CheckpointPageApi, type RenderedState, type StatsData, type TensorRow } from '../../shared/protocol/checkpoint';
import { bytes, compact, integer, percent, shape, statistic } from '../../models/report/format';
import { connectToHost } from '../hostPeer';
import { button, registerToolkit, textField } from '../toolkit';
import { histogramSvg } from './histogram';
import { TensorTable } from './table';

const host = connectToHost<CheckpointPageApi, CheckpointHostApi>(checkpointPageServes, checkpointHostAnswers);
registerToolkit();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

const app = document.getElementById('app') as HTMLElement;
let phase: RenderedState['phase'] = 'loading';
let rows: TensorRow[] = [];
let architectureLine = '';
let errorLine = '';
const stats: (StatsData | undefined)[] = [];
let statsCount = 0;
let table: TensorTable | undefined;
const progress = el('div', 'progress');
const progressBar = el('progress', 'progress-bar');
const progressText = el('span', 'progress-text');
const notice = el('div', 'notice');
const detail = el('section', 'detail');
const health = el('section', 'health');
notice.setAttribute('role', 'status');
progress.append(progressBar, progressText);

function report(): void {
  host.notify('rendered', { phase, rows: rows.length, rowsWithStats: statsCount, architecture: architectureLine, error: errorLine });
}

function showError(e: CheckpointError, tableShown: boolean): void {
  errorLine = `${e.file}: ${e.problem}`;
  const box = el('div', 'error-box');
  box.setAttribute('role', 'alert');
  box.append(el('h2', 'error-title', tableShown ? l10n.t('The statistics of {0} stopped', e.file) : l10n.t('{0} cannot be opened', e.file)), el('p', 'error-problem', e.problem), el('p', 'error-advice', e.advice));
  if (tableShown) {
    progress.replaceChildren(box);
    phase = 'statsError';
  } else {
    app.removeAttribute('aria-busy');
    app.replaceChildren(box);
    phase = 'error';
  }
  report();
}

function architectureView(a: ArchitectureData, h: CheckpointHeader): HTMLElement {
  const box = el('section', 'architecture');
  if (!a.recognised) {
    architectureLine = `not recognised: ${a.reason}`;
    box.append(el('div', 'arch-title', l10n.t('Architecture not recognised')), el('p', 'muted', a.reason));
    return box;
  }
  const overrides = Object.entries(a.overrides);
  architectureLine = `${a.exact ? 'exact' : 'nearest'} ${a.model}`;
  const title = el('div', 'arch-title');
  title.append(el('span', 'model', a.model), el('span', `badge ${a.exact ? 'exact' : 'nearest'}`, a.exact ? l10n.t('exact') : l10n.t('nearest')));
  box.appendChild(title);
  if (overrides.length > 0) box.appendChild(el('div', 'overrides', overrides.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')));
  if (!a.exact && a.differences.length > 0) {
    const list = el('ul', 'differences');
    for (const d of a.differences) list.appendChild(el('li', undefined, d));
    box.append(el('div', 'muted', l10n.t('Differences from it:')), list);
  }
  const facts: string[] = [];
  if ('unknown' in a.totals) facts.push(l10n.t('totals unknown: {0}', a.totals.unknown));
  else facts.push(l10n.t('params {0}', integer(a.totals.params)), l10n.t('MACs {0} at {1}', compact(a.totals.macs), shape(a.totals.input)));
  facts.push(h.wrapper === null ? l10n.t('state dict at the top level') : l10n.t('state dict under "{0}"', h.wrapper));
  if (a.prefix) facts.push(l10n.t('key prefix "{0}"', a.prefix));
  box.appendChild(el('div', 'facts', facts.join(' · ')));
  const others = [...a.extraKeys, ...h.otherKeys];
  const first = others.slice(0, 12).join(', ');
  if (others.length > 0) box.appendChild(el('div', 'muted extra', l10n.t('Not weights: {0}', others.length > 12 ? l10n.t('{0}, … ({1} more)', first, others.length - 12) : first)));
  return box;
}

function actions(a: ArchitectureData, trusted: boolean): HTMLElement {
  const bar = el('div', 'actions');
  // The host answers with the line to show (null: a dialog was dismissed); a request that fails says why.
  const say = (line: string | null): void => {
    if (line !== null) notice.textContent = line;
  };
  const act = (action: CheckpointAction) => (): void =>
    void host.request('action', { action }).then(
      (r) => say(r.notice),
      (e: unknown) => say(e instanceof Error ? e.message : String(e)),
    );
  const off = a.recognised ? undefined : l10n.t('the architecture was not recognised');
  const b = (label: string, action: CheckpointAction, title: string, disabledWhy?: string): HTMLElement => {
    const e = button(label, { title: disabledWhy ? l10n.t('{0} (unavailable: {1})', title, disabledWhy) : title, secondary: action !== 'inspect', onClick: act(action), id: `action-${action}` });
    if (disabledWhy) e.setAttribute('disabled', '');
    return e;
  };
  bar.append(
    b(l10n.t('Inspect this architecture'), 'inspect', l10n.t('Open Inspect Model on the recognised preset and overrides'), off),
    b(l10n.t('Classify with these weights'), 'classify', l10n.t('Pick images or a folder and classify them with this checkpoint'), off ?? (trusted ? undefined : l10n.t('Restricted Mode: classifying runs a model'))),
    b(l10n.t('Export ONNX'), 'exportOnnx', l10n.t('Write an ONNX model of this architecture with these weights'), off),
    b(l10n.t('Save as a variant file'), 'saveVariant', l10n.t('Write {0} as a .backbone.json file', '{"extends": model, ...overrides}'), off),
  );
  return bar;
}

function showDetail(position: number): void {
  const r = rows[position];
  const s = stats[position];
  const title = el('h2', 'detail-title', r.key);
  const facts = el('div', 'facts', `${shape(r.shape)} · ${r.dtype} · ${l10n.t('{0} elements', integer(r.params))}`);
  detail.replaceChildren(title, facts);
  if (!s) {
    detail.appendChild(el('p', 'muted', l10n.t('Statistics not read yet.')));
    return;
  }
  detail.appendChild(el('div', 'facts', [l10n.t('mean {0}', statistic(s.mean)), l10n.t('std {0}', statistic(s.std)), l10n.t('min {0}', statistic(s.min)), l10n.t('max {0}', statistic(s.max)), l10n.t('zeros {0}', percent(r.params === 0 ? 0 : s.zeros / r.params)), `NaN/Inf ${integer(s.nonfinite)}`].join(' · ')));
  if (s.histogram) detail.appendChild(histogramSvg(s.histogram, r.key));
  else detail.appendChild(el('p', 'muted', r.params === 0 ? l10n.t('An empty tensor.') : l10n.t('No finite value to draw.')));
}

function showHealth(bn: readonly BatchNormRow[]): void {
  const bad = bn.filter((b) => b.zeroVariance.length > 0 || b.dead.length > 0);
  const head = el('h2', undefined, l10n.t('BatchNorm health'));
  if (bn.length === 0) {
    health.replaceChildren(head, el('p', 'muted', l10n.t('No BatchNorm layers (keys {0} beside {1}).', '<layer>.running_var', '<layer>.weight')));
    return;
  }
  const summary = el('p', bad.length === 0 ? 'muted' : 'warning', bad.length === 0 ? l10n.t('All {0} BatchNorm layers look healthy: no running variance ≈ 0, no γ ≈ 0 (|x| ≤ 1e-6).', bn.length) : l10n.t('{0} of {1} BatchNorm layers have channels with running variance ≈ 0 or γ ≈ 0 (dead; |x| ≤ 1e-6).', bad.length, bn.length));
  health.replaceChildren(head, summary);
  if (bad.length === 0) return;
  const t = el('table', 'health-table');
  const hr = el('tr');
  for (const h of [l10n.t('layer'), l10n.t('channels'), 'running_var ≈ 0', l10n.t('dead (γ ≈ 0)')]) hr.appendChild(el('th', undefined, h));
  t.appendChild(el('thead')).appendChild(hr);
  const body = t.appendChild(el('tbody'));
  const list = (xs: number[]): string => (xs.length === 0 ? '—' : `${xs.length}: ${xs.slice(0, 16).join(', ')}${xs.length > 16 ? ', …' : ''}`);
  for (const b of bad) {
    const tr = el('tr');
    tr.append(el('td', 'key', b.layer), el('td', 'num', String(b.channels)), el('td', undefined, list(b.zeroVariance)), el('td', undefined, list(b.dead)));
    body.appendChild(tr);
  }
  health.appendChild(t);
}

function showIndex(h: CheckpointHeader, a: ArchitectureData, tensors: TensorRow[], trusted: boolean): void {
  rows = tensors;
  stats.length = 0;
  statsCount = 0;
  const header = el('header', 'header');
  header.append(
    el('div', 'title', h.name),
    el('div', 'muted', `${h.path} · ${h.format === 'safetensors' ? 'safetensors' : 'PyTorch (torch.save)'} · ${bytes(h.fileBytes)} · ${l10n.t('{0} tensors', integer(tensors.length))} · ${l10n.t('{0} floating-point elements', integer(h.params))}`),
    architectureView(a, h),
    actions(a, trusted),
    notice,
  );
  table = new TensorTable(rows, stats, showDetail);
  const search = textField('', { label: l10n.t('Search tensors'), placeholder: l10n.t('filter by key or dtype'), visibleLabel: false, id: 'tensor-search', onChange: (v) => table?.setFilter(v), onInput: (v) => table?.setFilter(v) });
  const tools = el('div', 'tools');
  tools.append(search, progress);
  progressBar.max = Math.max(1, h.tensorBytes);
  progressBar.value = 0;
  progressText.textContent = l10n.t('Reading statistics…');
  const wrap = el('div', 'table-wrap');
  wrap.appendChild(table.element);
  detail.replaceChildren(el('p', 'muted', l10n.t('Select a tensor to see its histogram.')));
  health.replaceChildren();
  app.removeAttribute('aria-busy');
  app.replaceChildren(header, tools, wrap, detail, health);
  phase = 'table';
  report();
}

host.on('index', (m) => showIndex(m.header, m.architecture, m.tensors, m.trusted));
host.on('stats', (m) => {
  const positions: number[] = [];
  for (const r of m.rows) {
    if (r.position >= rows.length) continue;
    if (!stats[r.position]) statsCount++;
    stats[r.position] = r.stats;
    positions.push(r.position);
  }
  table?.updated(positions);
  progressBar.max = Math.max(1, m.totalBytes);
  progressBar.value = m.bytesDone;
  progressText.textContent = l10n.t('Statistics: {0} of {1} ({2} of {3} tensors)', bytes(m.bytesDone), bytes(m.totalBytes), statsCount, rows.length);
  phase = 'streaming';
  report();
});
host.on('statsDone', (m) => {
  progressText.textContent = l10n.t('Statistics of all {0} tensors.', rows.length);
  progressBar.value = progressBar.max;
  progress.classList.add('done');
  showHealth(m.batchNorm);
  phase = 'done';
  report();
});
host.on('error', (m) => showError(m.error, false));
host.on('statsError', (m) => showError(m.error, true));
host.notify('ready', {});
