// What a model costs, under the diagram: the Memory view (training memory per stage and block at a
// batch size and optimizer, the step's totals, the largest batch that fits a budget, DenseNet's
// memory_efficient saving) and the Latency controls (measure in the worker; the diagram can then
// be coloured by latency and the side pane shows ms, % and achieved GFLOP/s). The host computes
// every number (protocol/cost.ts); this module only draws them.
import type { ModelData } from '../../shared/protocol/inspect';
import { OPTIMIZER_CHOICES, type LatencyData, type MemoryData, type OptimizerChoice } from '../../shared/protocol/cost';
import { knobsEqual } from '../../models/families/knobs';
import { button, dropdown, textField } from '../toolkit';
import { bytes, integer, milliseconds, percent, shape } from '../../models/report/format';

export interface CostEvents {
  /** Asks the host for training memory / measured latency of the main model. */
  memory(params: { slot: 'main'; batch: number; optimizer: OptimizerChoice; budget?: string }): Promise<MemoryData>;
  profile(params: { slot: 'main'; batch: number; runs: number }): Promise<LatencyData>;
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
    const summary = el('summary', undefined, 'Memory and latency');
    this.element.append(summary);
    this.element.addEventListener('toggle', () => {
      if (this.element.open) this.requestMemory();
    });

    const memory = el('section', 'cost-memory');
    memory.setAttribute('aria-label', 'Training memory');
    const memControls = el('div', 'cost-controls');
    memControls.append(
      textField(String(settings.batch), { label: 'Batch', size: 6, onChange: (v) => this.setBatch(v) }),
      dropdown(OPTIMIZER_CHOICES.map((o) => ({ value: o, label: o })), settings.optimizer, { label: 'Optimizer', onChange: (v) => this.setOptimizer(v) }),
      textField(settings.budget, { label: 'Memory budget', size: 8, placeholder: '24GiB', onChange: (v) => this.setBudget(v) }),
    );
    this.memoryBody = el('div', 'cost-memory-body');
    memory.append(el('h3', undefined, 'Training memory (fp32, one step)'), memControls, this.memoryBody);

    const latency = el('section', 'cost-latency');
    latency.setAttribute('aria-label', 'Measured latency');
    const latControls = el('div', 'cost-controls');
    latControls.append(
      textField(String(settings.profileBatch), { label: 'Batch', size: 4, onChange: (v) => this.setProfileBatch(v) }),
      textField(String(settings.runs), { label: 'Runs', size: 4, onChange: (v) => this.setRuns(v) }),
      button('Measure latency', { secondary: true, title: 'Run the model in the inference worker with onnxruntime\'s profiler (random weights)', id: 'measure-latency', onClick: () => this.measure() }),
    );
    this.latencyBody = el('div', 'cost-latency-body');
    latency.append(el('h3', undefined, 'Measured latency'), latControls, this.latencyBody);
    this.element.append(memory, latency);
  }

  /** A new main model: the old latency no longer applies; memory is asked for again when shown. */
  onModel(d: ModelData): void {
    const sameModel = this.data && this.data.id === d.id && this.data.input.join() === d.input.join() && knobsEqual(this.data.overrides, d.overrides);
    this.data = d;
    if (!sameModel) {
      this.ev.latency(undefined);
      this.latencyBody.replaceChildren(el('p', 'hint', 'Not measured yet: MACs do not predict time. "Measure latency" runs the model on this machine and adds a Latency colour and columns.'));
    }
    if (this.element.open) this.requestMemory();
  }

  /** The Measure Latency command: open the section and measure the main model. */
  measureNow(): void {
    this.element.open = true;
    this.measure();
  }

  /** A memory or latency request failed: say why where its numbers would be; what was shown stays. */
  private failed(what: 'memory' | 'latency', e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    if (what === 'latency') this.measuring = false;
    (what === 'memory' ? this.memoryBody : this.latencyBody).replaceChildren(el('p', 'error', message));
    this.ev.status(message, 'error');
  }

  private setBatch(v: string): void {
    const n = positive(v, 1 << 20);
    if (n === undefined) return this.ev.status(`batch: expected a positive integer, got "${v}"`, 'error');
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
    if (n === undefined) return this.ev.status(`batch: expected an integer from 1 to 256, got "${v}"`, 'error');
    this.settings.profileBatch = n;
  }

  private setRuns(v: string): void {
    const n = positive(v, 100);
    if (n === undefined) return this.ev.status(`runs: expected an integer from 1 to 100, got "${v}"`, 'error');
    this.settings.runs = n;
  }

  private requestMemory(): void {
    if (!this.data) return;
    this.ev.memory({ slot: 'main', batch: this.settings.batch, optimizer: this.settings.optimizer, ...(this.settings.budget ? { budget: this.settings.budget } : {}) }).then(
      (m) => this.renderMemory(m),
      (e: unknown) => this.failed('memory', e),
    );
  }

  private measure(): void {
    if (!this.data || this.measuring) return;
    this.measuring = true;
    this.latencyBody.replaceChildren(el('p', 'hint', `Measuring ${this.data.id} (batch ${this.settings.profileBatch}, ${this.settings.runs} runs)…`));
    this.ev.profile({ slot: 'main', batch: this.settings.profileBatch, runs: this.settings.runs }).then(
      (l) => {
        this.measuring = false;
        this.renderLatency(l);
        this.ev.latency(l);
      },
      (e: unknown) => this.failed('latency', e),
    );
  }

  private renderMemory(m: MemoryData): void {
    const r = m.report;
    const totals = el('table', 'stats cost-totals');
    const row = (k: string, v: number, title?: string) => {
      const tr = totals.insertRow();
      tr.append(el('th', undefined, k));
      const td = tr.insertCell();
      td.textContent = bytes(v);
      td.title = title ?? `${integer(v)} bytes`;
      td.setAttribute('data-bytes', String(v));
      tr.setAttribute('data-total', k);
    };
    row('parameters', r.params_bytes);
    row('gradients', r.grads_bytes);
    row(`optimizer (${r.optimizer})`, r.optimizer_bytes);
    row('saved activations', r.saved_activation_bytes, `${integer(r.saved_activation_bytes)} bytes that autograd keeps for the backward pass (PyTorch 1.13, CPU, fp32)`);
    row('total', r.total_bytes);
    const parts: HTMLElement[] = [el('p', 'muted', `Batch ${r.batch}, input ${shape(r.input)}. No allocator overhead or backward temporaries: leave headroom.`), totals];
    if (m.fit) {
      parts.push(el('p', 'cost-fit', m.fit.batch === null ? `Not even batch ${r.batch} fits in ${m.fit.budget}.` : `Largest batch that fits in ${m.fit.budget}: ${integer(m.fit.batch)}.`));
    }
    if (m.alternative) {
      const a = m.alternative;
      const delta = r.saved_activation_bytes - a.savedActivationBytes;
      parts.push(el('p', 'cost-alternative', `With ${a.knob}: ${a.value}: saved activations ${bytes(a.savedActivationBytes)} (${delta >= 0 ? 'saves' : 'costs'} ${bytes(Math.abs(delta))}), total ${bytes(a.totalBytes)}.`));
    }
    const table = el('table', 'breakdown cost-groups');
    const head = table.createTHead().insertRow();
    for (const h of ['', 'saved for backward', '%']) head.append(el('th', undefined, h));
    const body = table.createTBody();
    for (const g of r.per_group.filter((x) => x.depth <= 1)) {
      const tr = body.insertRow();
      tr.setAttribute('data-path', g.path);
      tr.insertCell().textContent = g.depth === 0 ? g.label : `  ${g.label}`;
      const b = tr.insertCell();
      b.textContent = bytes(g.saved_activation_bytes);
      b.title = `${integer(g.saved_activation_bytes)} bytes`;
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
    parts.push(el('h3', undefined, 'Saved activations per stage and block'), table);
    this.memoryBody.replaceChildren(...parts);
  }

  private renderLatency(l: LatencyData): void {
    this.latencyBody.replaceChildren(
      el('p', 'cost-latency-summary', `${milliseconds(l.totalMs)} per run on ${l.provider} (batch ${l.batch}, ${shape(l.input)}, median of ${l.runs}; profiler overhead ${percent(l.profilerOverhead)}; random weights).`),
      el('p', 'hint', 'Choose "Colour: latency" to colour the diagram; the side pane lists ms, % of the run and achieved GFLOP/s (2 × MACs / time) per child.'),
    );
  }
}
