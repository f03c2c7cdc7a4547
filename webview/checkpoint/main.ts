// The checkpoint editor page: the file and its recognised architecture (exact, or nearest with
// the differences; wrapper, prefix, keys that are not weights), totals, the four actions, the
// tensor table (sortable, searchable) with streamed statistics and a progress bar, the selected
// tensor's histogram, and BatchNorm health. A file that cannot be read shows the typed error.
// Every number comes from the host (each message validated on arrival); the page reports what it shows.
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
  box.append(el('h2', 'error-title', tableShown ? `The statistics of ${e.file} stopped` : `${e.file} cannot be opened`), el('p', 'error-problem', e.problem), el('p', 'error-advice', e.advice));
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
    box.append(el('div', 'arch-title', 'Architecture not recognised'), el('p', 'muted', a.reason));
    return box;
  }
  const overrides = Object.entries(a.overrides);
  architectureLine = `${a.exact ? 'exact' : 'nearest'} ${a.model}`;
  const title = el('div', 'arch-title');
  title.append(el('span', 'model', a.model), el('span', `badge ${a.exact ? 'exact' : 'nearest'}`, a.exact ? 'exact' : 'nearest'));
  box.appendChild(title);
  if (overrides.length > 0) box.appendChild(el('div', 'overrides', overrides.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')));
  if (!a.exact && a.differences.length > 0) {
    const list = el('ul', 'differences');
    for (const d of a.differences) list.appendChild(el('li', undefined, d));
    box.append(el('div', 'muted', 'Differences from it:'), list);
  }
  const facts: string[] = [];
  if ('unknown' in a.totals) facts.push(`totals unknown: ${a.totals.unknown}`);
  else facts.push(`params ${integer(a.totals.params)}`, `MACs ${compact(a.totals.macs)} at ${shape(a.totals.input)}`);
  facts.push(h.wrapper === null ? 'state dict at the top level' : `state dict under "${h.wrapper}"`);
  if (a.prefix) facts.push(`key prefix "${a.prefix}"`);
  box.appendChild(el('div', 'facts', facts.join(' · ')));
  const others = [...a.extraKeys, ...h.otherKeys];
  if (others.length > 0) box.appendChild(el('div', 'muted extra', `Not weights: ${others.slice(0, 12).join(', ')}${others.length > 12 ? `, … (${others.length - 12} more)` : ''}`));
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
  const off = a.recognised ? undefined : 'the architecture was not recognised';
  const b = (label: string, action: CheckpointAction, title: string, disabledWhy?: string): HTMLElement => {
    const e = button(label, { title: disabledWhy ? `${title} (unavailable: ${disabledWhy})` : title, secondary: action !== 'inspect', onClick: act(action), id: `action-${action}` });
    if (disabledWhy) e.setAttribute('disabled', '');
    return e;
  };
  bar.append(
    b('Inspect this architecture', 'inspect', 'Open Inspect Model on the recognised preset and overrides', off),
    b('Classify with these weights', 'classify', 'Pick images or a folder and classify them with this checkpoint', off ?? (trusted ? undefined : 'Restricted Mode: classifying runs a model')),
    b('Export ONNX', 'exportOnnx', 'Write an ONNX model of this architecture with these weights', off),
    b('Save as a variant file', 'saveVariant', 'Write {"extends": model, ...overrides} as a .backbone.json file', off),
  );
  return bar;
}

function showDetail(position: number): void {
  const r = rows[position];
  const s = stats[position];
  const title = el('h2', 'detail-title', r.key);
  const facts = el('div', 'facts', `${shape(r.shape)} · ${r.dtype} · ${integer(r.params)} elements`);
  detail.replaceChildren(title, facts);
  if (!s) {
    detail.appendChild(el('p', 'muted', 'Statistics not read yet.'));
    return;
  }
  detail.appendChild(el('div', 'facts', `mean ${statistic(s.mean)} · std ${statistic(s.std)} · min ${statistic(s.min)} · max ${statistic(s.max)} · zeros ${percent(r.params === 0 ? 0 : s.zeros / r.params)} · NaN/Inf ${integer(s.nonfinite)}`));
  if (s.histogram) detail.appendChild(histogramSvg(s.histogram, r.key));
  else detail.appendChild(el('p', 'muted', r.params === 0 ? 'An empty tensor.' : 'No finite value to draw.'));
}

function showHealth(bn: readonly BatchNormRow[]): void {
  const bad = bn.filter((b) => b.zeroVariance.length > 0 || b.dead.length > 0);
  const head = el('h2', undefined, 'BatchNorm health');
  if (bn.length === 0) {
    health.replaceChildren(head, el('p', 'muted', 'No BatchNorm layers (keys <layer>.running_var beside <layer>.weight).'));
    return;
  }
  const summary = el('p', bad.length === 0 ? 'muted' : 'warning', bad.length === 0 ? `All ${bn.length} BatchNorm layers look healthy: no running variance ≈ 0, no γ ≈ 0 (|x| ≤ 1e-6).` : `${bad.length} of ${bn.length} BatchNorm layers have channels with running variance ≈ 0 or γ ≈ 0 (dead; |x| ≤ 1e-6).`);
  health.replaceChildren(head, summary);
  if (bad.length === 0) return;
  const t = el('table', 'health-table');
  const hr = el('tr');
  for (const h of ['layer', 'channels', 'running_var ≈ 0', 'dead (γ ≈ 0)']) hr.appendChild(el('th', undefined, h));
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
    el('div', 'muted', `${h.path} · ${h.format === 'safetensors' ? 'safetensors' : 'PyTorch (torch.save)'} · ${bytes(h.fileBytes)} · ${integer(tensors.length)} tensors · ${integer(h.params)} floating-point elements`),
    architectureView(a, h),
    actions(a, trusted),
    notice,
  );
  table = new TensorTable(rows, stats, showDetail);
  const search = textField('', { label: 'Search tensors', placeholder: 'filter by key or dtype', visibleLabel: false, id: 'tensor-search', onChange: (v) => table?.setFilter(v), onInput: (v) => table?.setFilter(v) });
  const tools = el('div', 'tools');
  tools.append(search, progress);
  progressBar.max = Math.max(1, h.tensorBytes);
  progressBar.value = 0;
  progressText.textContent = 'Reading statistics…';
  const wrap = el('div', 'table-wrap');
  wrap.appendChild(table.element);
  detail.replaceChildren(el('p', 'muted', 'Select a tensor to see its histogram.'));
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
  progressText.textContent = `Statistics: ${bytes(m.bytesDone)} of ${bytes(m.totalBytes)} (${statsCount} of ${rows.length} tensors)`;
  phase = 'streaming';
  report();
});
host.on('statsDone', (m) => {
  progressText.textContent = `Statistics of all ${rows.length} tensors.`;
  progressBar.value = progressBar.max;
  progress.classList.add('done');
  showHealth(m.batchNorm);
  phase = 'done';
  report();
});
host.on('error', (m) => showError(m.error, false));
host.on('statsError', (m) => showError(m.error, true));
host.notify('ready', {});
