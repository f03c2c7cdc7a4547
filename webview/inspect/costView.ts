// What a model costs, under the diagram: the Memory view (training memory per stage and block at a
// batch size and optimizer, the step's totals, the largest batch that fits a budget, DenseNet's
// memory_efficient saving) and the Latency controls (measure in the worker; the diagram can then
// be coloured by latency and the side pane shows ms, % and achieved GFLOP/s). The host computes
// every number (protocol/cost.ts); this module only draws them.
import * as l10n from '@vscode/l10n';
import { displayLabel } from './labels';
import type { ModelData } from '../../extension/protocol/inspect';
import { OPTIMIZER_CHOICES, type CostHostMessage, type LatencyData, type MemoryData, type OptimizerChoice } from '../../extension/protocol/cost';
import { button, dropdown, textField } from '../toolkit';
import { percent } from '../percent';
import { fmtBytes, fmtInt } from './format';

export interface CostEvents {
  post(msg: { type: 'trainMemory'; slot: 'main'; batch: number; optimizer: OptimizerChoice; budget?: string } | { type: 'profile'; slot: 'main'; batch: number; runs: number }): void;
  /** Latency arrived for the main model (or was cleared): redraw with it. */
  latency(data: LatencyData | undefined): void;
  status(text: string, kind?: 'info' | 'error'): void;
}

export interface CostSettings {
  batch: number;
  optimizer: OptimizerChoice;
  budget: string;
  profileBatch: number;
  runs: number;
}

export const DEFAULT_COST_SETTINGS: CostSettings = { batch: 32, optimizer: 'sgd-momentum', budget: '24GiB', profileBatch: 1, runs: 10 };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

const positive = (text: string, max: number): number | undefined => {
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
};

export class CostView {
  readonly element: HTMLDetailsElement;
  private readonly memoryBody: HTMLDivElement;
  private readonly latencyBody: HTMLDivElement;
  private data: ModelData | undefined;
  private measuring = false;

  constructor(
    private readonly ev: CostEvents,
    readonly settings: CostSettings,
    open: boolean,
  ) {
    this.element = el('details', 'cost-view');
    this.element.open = open;
    const summary = el('summary', undefined, l10n.t('Memory and latency'));
    this.element.append(summary);
    this.element.addEventListener('toggle', () => {
      if (this.element.open) this.requestMemory();
    });

    const memory = el('section', 'cost-memory');
    memory.setAttribute('aria-label', l10n.t('Training memory'));
    const memControls = el('div', 'cost-controls');
    memControls.append(
      textField(String(settings.batch), { label: l10n.t('Batch'), size: 6, onChange: (v) => this.setBatch(v) }),
      dropdown(OPTIMIZER_CHOICES.map((o) => ({ value: o, label: o })), settings.optimizer, { label: l10n.t('Optimizer'), onChange: (v) => this.setOptimizer(v) }),
      textField(settings.budget, { label: l10n.t('Memory budget'), size: 8, placeholder: '24GiB', onChange: (v) => this.setBudget(v) }),
    );
    this.memoryBody = el('div', 'cost-memory-body');
    memory.append(el('h3', undefined, l10n.t('Training memory (fp32, one step)')), memControls, this.memoryBody);

    const latency = el('section', 'cost-latency');
    latency.setAttribute('aria-label', l10n.t('Measured latency'));
    const latControls = el('div', 'cost-controls');
    latControls.append(
      textField(String(settings.profileBatch), { label: l10n.t('Batch'), size: 4, onChange: (v) => this.setProfileBatch(v) }),
      textField(String(settings.runs), { label: l10n.t('Runs'), size: 4, onChange: (v) => this.setRuns(v) }),
      button(l10n.t('Measure latency'), { secondary: true, title: l10n.t("Run the model in the inference worker with onnxruntime's profiler (random weights)"), id: 'measure-latency', onClick: () => this.measure() }),
    );
    this.latencyBody = el('div', 'cost-latency-body');
    latency.append(el('h3', undefined, l10n.t('Measured latency')), latControls, this.latencyBody);
    this.element.append(memory, latency);
  }

  /** A new main model: the old latency no longer applies; memory is asked for again when shown. */
  onModel(d: ModelData): void {
    const sameModel = this.data && this.data.id === d.id && this.data.input.join() === d.input.join() && JSON.stringify(this.data.overrides) === JSON.stringify(d.overrides);
    this.data = d;
    if (!sameModel) {
      this.ev.latency(undefined);
      this.latencyBody.replaceChildren(el('p', 'hint', l10n.t('Not measured yet: MACs do not predict time. "Measure latency" runs the model on this machine and adds a Latency colour and columns.')));
    }
    if (this.element.open) this.requestMemory();
  }

  onMessage(msg: CostHostMessage): void {
    if (msg.type === 'measureLatency') {
      this.element.open = true;
      this.measure();
      return;
    }
    if (msg.slot !== 'main') return;
    if (msg.type === 'trainMemory') this.renderMemory(msg.data);
    else if (msg.type === 'latency') {
      this.measuring = false;
      this.renderLatency(msg.data);
      this.ev.latency(msg.data);
    } else {
      if (msg.what === 'latency') this.measuring = false;
      const host = msg.what === 'memory' ? this.memoryBody : this.latencyBody;
      host.replaceChildren(el('p', 'error', msg.message));
      this.ev.status(msg.message, 'error');
    }
  }

  private setBatch(v: string): void {
    const n = positive(v, 1 << 20);
    if (n === undefined) return this.ev.status(l10n.t('batch: expected a positive integer, got "{0}"', v), 'error');
    this.settings.batch = n;
    this.requestMemory();
  }

  private setOptimizer(v: string): void {
    if (!(OPTIMIZER_CHOICES as readonly string[]).includes(v)) return;
    this.settings.optimizer = v as OptimizerChoice;
    this.requestMemory();
  }

  private setBudget(v: string): void {
    this.settings.budget = v.trim();
    this.requestMemory();
  }

  private setProfileBatch(v: string): void {
    const n = positive(v, 256);
    if (n === undefined) return this.ev.status(l10n.t('batch: expected an integer from 1 to 256, got "{0}"', v), 'error');
    this.settings.profileBatch = n;
  }

  private setRuns(v: string): void {
    const n = positive(v, 100);
    if (n === undefined) return this.ev.status(l10n.t('runs: expected an integer from 1 to 100, got "{0}"', v), 'error');
    this.settings.runs = n;
  }

  private requestMemory(): void {
    if (!this.data) return;
    this.ev.post({ type: 'trainMemory', slot: 'main', batch: this.settings.batch, optimizer: this.settings.optimizer, ...(this.settings.budget ? { budget: this.settings.budget } : {}) });
  }

  private measure(): void {
    if (!this.data || this.measuring) return;
    this.measuring = true;
    this.latencyBody.replaceChildren(el('p', 'hint', l10n.t('Measuring {0} (batch {1}, {2} runs)…', this.data.id, this.settings.profileBatch, this.settings.runs)));
    this.ev.post({ type: 'profile', slot: 'main', batch: this.settings.profileBatch, runs: this.settings.runs });
  }

  private renderMemory(m: MemoryData): void {
    const r = m.report;
    const totals = el('table', 'stats cost-totals');
    // `id` (data-total) stays English for scripts and tests; `label` is in the display language.
    const row = (id: string, label: string, v: number, title?: string) => {
      const tr = totals.insertRow();
      tr.append(el('th', undefined, label));
      const td = tr.insertCell();
      td.textContent = fmtBytes(v);
      td.title = title ?? l10n.t('{0} bytes', fmtInt(v));
      td.setAttribute('data-bytes', String(v));
      tr.setAttribute('data-total', id);
    };
    row('parameters', l10n.t('parameters'), r.params_bytes);
    row('gradients', l10n.t('gradients'), r.grads_bytes);
    row(`optimizer (${r.optimizer})`, l10n.t('optimizer ({0})', r.optimizer), r.optimizer_bytes);
    row('saved activations', l10n.t('saved activations'), r.saved_activation_bytes, l10n.t('{0} bytes that autograd keeps for the backward pass (PyTorch 1.13, CPU, fp32)', fmtInt(r.saved_activation_bytes)));
    row('total', l10n.t('total'), r.total_bytes);
    const parts: HTMLElement[] = [el('p', 'muted', l10n.t('Batch {0}, input {1}×{2}. No allocator overhead or backward temporaries: leave headroom.', r.batch, r.input[0], r.input[1])), totals];
    if (m.fit) {
      parts.push(el('p', 'cost-fit', m.fit.batch === null ? l10n.t('Not even batch {0} fits in {1}.', r.batch, m.fit.budget) : l10n.t('Largest batch that fits in {0}: {1}.', m.fit.budget, fmtInt(m.fit.batch))));
    }
    if (m.alternative) {
      const a = m.alternative;
      const delta = r.saved_activation_bytes - a.savedActivationBytes;
      const args = [String(a.value), fmtBytes(a.savedActivationBytes), fmtBytes(Math.abs(delta)), fmtBytes(a.totalBytes)];
      parts.push(el('p', 'cost-alternative', delta >= 0 ? l10n.t('With memory_efficient: {0}: saved activations {1} (saves {2}), total {3}.', ...args) : l10n.t('With memory_efficient: {0}: saved activations {1} (costs {2}), total {3}.', ...args)));
    }
    const table = el('table', 'breakdown cost-groups');
    const head = table.createTHead().insertRow();
    for (const h of ['', l10n.t('saved for backward'), '%']) head.append(el('th', undefined, h));
    const body = table.createTBody();
    for (const g of r.per_group.filter((x) => x.depth <= 1)) {
      const tr = body.insertRow();
      tr.setAttribute('data-path', g.path);
      tr.insertCell().textContent = g.depth === 0 ? displayLabel(g.label) : `  ${displayLabel(g.label)}`;
      const b = tr.insertCell();
      b.textContent = fmtBytes(g.saved_activation_bytes);
      b.title = l10n.t('{0} bytes', fmtInt(g.saved_activation_bytes));
      const pct = tr.insertCell();
      pct.className = 'pct';
      const share = r.saved_activation_bytes > 0 ? g.saved_activation_bytes / r.saved_activation_bytes : 0;
      const track = el('span', 'bar');
      track.setAttribute('aria-hidden', 'true');
      const fill = el('span', 'bar-fill');
      fill.style.width = `${Math.min(100, share * 100).toFixed(1)}%`;
      track.append(fill);
      pct.append(track, el('span', 'pct-text', percent(share)));
    }
    parts.push(el('h3', undefined, l10n.t('Saved activations per stage and block')), table);
    this.memoryBody.replaceChildren(...parts);
  }

  private renderLatency(l: LatencyData): void {
    this.latencyBody.replaceChildren(
      el('p', 'cost-latency-summary', l10n.t('{0} ms per run on {1} (batch {2}, {3}×{4}, median of {5}; profiler overhead {6}; random weights).', l.totalMs.toFixed(2), l.provider, l.batch, l.input[0], l.input[1], l.runs, percent(l.profilerOverhead))),
      el('p', 'hint', l10n.t('Choose "Colour: latency" to colour the diagram; the side pane lists ms, % of the run and achieved GFLOP/s (2 × MACs / time) per child.')),
    );
  }
}
