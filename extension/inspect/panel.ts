// The Inspect Model panel host: creates (or restores) the webview, answers its messages after
// validating them against the protocol, and keeps the last good model of each slot so a bad
// input never loses what is on screen.
import * as vscode from 'vscode';
import { ViewTypes } from '../ids';
import type { Peer } from '../../shared/rpc';
import { NotAvailableError } from '../../shared/errors';
import { inspectHostServes, type ExportTarget, type CheckpointWeights, type ImageFormat, type InspectHostApi, type ModelSource, type InspectPageApi, type ModelConfig, type Slot, type TableFormat } from '../../shared/protocol/inspect';
import { inspectPageAnswers } from '../../shared/protocol/inspectPage';
import { saveOrCopy } from '../panels/exportFlow';
import { PanelHost } from '../panels/panelHost';
import { inspectHtml, webviewOptions } from './html';
import { resolveConfig, type Resolved } from './modelData';
import { attachWeightStats } from './weightStats';
import { pickModel } from './pick';
import { showReceptiveField } from './rfLens';
import { csvTable, markdownTable } from './tables';
import { SourceLink } from './sourceLink';
import { grantSource, readGrantedSource } from './sourceAccess';
import { presetDescription, presets } from '../../models';
import { readSettings } from '../classify/settings';
import { LatencyRunner, memoryData } from './cost';
import { errorText } from '../errorText';
import { onCheckpointStatsDone } from '../checkpoint/statsDone';

interface Pending {
  config: ModelConfig;
  focus?: string;
  /** Asked for by a command and not yet shown (its failure is reported with a message). */
  fromCommand?: boolean;
}

/** Who asked for a configuration: a command (palette, hover link, editor button) or the page's own controls. */
type Origin = 'command' | 'page' | 'restore';

export class InspectPanel {
  private static readonly open = new Set<InspectPanel>();
  private static lastActive: InspectPanel | undefined;
  private readonly resolved: Partial<Record<Slot, Resolved>> = {};
  /** Whether a page has sent `ready` (a hidden panel's page is torn down, and sends it again when shown). */
  private ready = false;
  /** Profiles for the Latency mode; its worker starts with the first measurement. */
  private readonly latency: LatencyRunner;
  /**
   * What each slot must show: the last request (a command's or the page's own). The page's saved
   * state is used only when the host has none (a window reload): a request made while the panel
   * was in a background tab must win over the state the reloading page sends with `ready`.
   */
  private readonly wanted: Partial<Record<Slot, Pending>> = {};
  /** The last request that failed, shown again when the page reloads. */
  private lastError: { slot: Slot; message: string } | undefined;
  private readonly host: PanelHost;
  private readonly page: Peer<InspectHostApi, InspectPageApi>;
  private readonly sourceLink = new SourceLink((path) => this.page.notify('focus', { path }));
  /**
   * The checkpoint's weight statistics the main model was opened with (Inspect from the checkpoint
   * editor), and the source they belong to: kept while the page edits that model's knobs or input
   * (matched by key and shape, weightStats.ts), dropped when another model is asked for.
   */
  private weights: { source: ModelSource; data: CheckpointWeights } | undefined;

  /** Shows `config` in the most recently active panel, or in a new one; `weights` colour its diagram (Inspect from a checkpoint). */
  static show(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, config: ModelConfig, focus?: string, weights?: CheckpointWeights): InspectPanel {
    const existing = InspectPanel.lastActive;
    if (existing) {
      existing.panel.reveal(undefined, false);
      existing.load(config, focus, 'main', weights);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(ViewTypes.inspect, vscode.l10n.t('Inspect Model'), vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    const p = new InspectPanel(panel, context, log);
    p.load(config, focus, 'main', weights);
    return p;
  }

  /**
   * Shows `compare` beside the main model: beside `main` when given (in the most recently active
   * panel or a new one), else beside the active panel's main model. False when neither is there.
   */
  static showCompare(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, compare: ModelConfig, main?: ModelConfig): boolean {
    const panel = main ? InspectPanel.show(context, log, main) : InspectPanel.lastActive;
    if (!panel) return false;
    panel.panel.reveal(undefined, false);
    panel.load(compare, undefined, 'compare');
    return true;
  }

  /** Called by the serializer after a window reload; the webview sends its saved config with `ready`. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, log: vscode.LogOutputChannel): InspectPanel {
    panel.webview.options = webviewOptions(context.extensionUri);
    return new InspectPanel(panel, context, log);
  }

  /** For TestCommands.inspectWeightsState: the active panel's weight statistics, and whether its drawn main model says they are partial. */
  static activeWeightsState(): { file: string; checkpoint: string; partial: boolean; tensors: number; drawnPartial: boolean | null } | null {
    const p = InspectPanel.lastActive;
    const w = p?.weights?.data;
    if (!p || !w) return null;
    return { file: w.file, checkpoint: w.checkpoint, partial: w.partial, tensors: Object.keys(w.tensors).length, drawnPartial: p.resolved.main?.data.weightStats?.partial ?? null };
  }

  /** Asks the active panel's page to measure its main model (the Measure Latency command); false when no panel is open. */
  static measureActive(): boolean {
    const p = InspectPanel.lastActive;
    if (p) p.page.notify('measureLatency', {});
    return p !== undefined;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.latency = new LatencyRunner(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath);
    this.host = new PanelHost(panel, log, 'inspect');
    this.page = this.host.connect<InspectHostApi, InspectPageApi>({ served: inspectHostServes, called: inspectPageAnswers });
    this.host.track(this.sourceLink);
    this.host.track(this.latency);
    InspectPanel.open.add(this);
    InspectPanel.lastActive = this;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'inspect.svg');
    this.host.track(
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) InspectPanel.lastActive = this;
      }),
    );
    this.host.track(onCheckpointStatsDone((w) => this.completeWeights(w)));
    this.host.onClose(() => {
      InspectPanel.open.delete(this);
      if (InspectPanel.lastActive === this) InspectPanel.lastActive = [...InspectPanel.open].pop();
    });
    this.serve();
    panel.webview.html = inspectHtml(panel.webview, context.extensionUri);
  }

  /**
   * The checkpoint editor finished streaming the statistics this panel's main model was opened
   * with while they were partial: take the whole ones and draw the main model again with them
   * (the page keeps its expansion and zoom for the same model).
   */
  private completeWeights(w: CheckpointWeights): void {
    const mine = this.weights;
    if (!mine || !mine.data.partial || mine.data.checkpoint !== w.checkpoint) return;
    this.weights = { source: mine.source, data: w };
    const resolved = this.resolved.main;
    const config = this.wanted.main?.config ?? (resolved ? configOfData(resolved) : undefined);
    if (config && this.ready) this.host.run('weights complete', this.configure('main', config, undefined, 'page'));
  }

  /** The page's requests and notifications (validated by the peer before they get here). */
  private serve(): void {
    const p = this.page;
    const run = (what: string, work: Promise<unknown>): void => this.host.run(what, work);
    p.on('ready', (m) => run('ready', this.onReady(m)));
    p.on('configure', (m) => run('configure', this.configure(m.slot, m.config, undefined, 'page')));
    p.on('pickModel', (m) => run('pickModel', this.pick(m.slot)));
    p.on('selected', (m) => run('selected', this.sourceLink.reveal(m.path)));
    p.on('clearCompare', () => {
      delete this.resolved.compare;
      delete this.wanted.compare;
      p.notify('clearCompare', {});
    });
    p.on('showReceptiveField', (m) => {
      const r = this.resolved[m.slot];
      if (r) run('showReceptiveField', showReceptiveField(this.context, this.log, r, m.path));
    });
    p.handle('trainMemory', (m) => memoryData(this.model(m.slot), m));
    p.handle('profile', async (m) => {
      const r = this.model(m.slot);
      try {
        const data = await this.latency.measure(r, m, readSettings().ep);
        this.log.info(`inspect: latency of ${r.data.id} on ${data.provider}: ${data.totalMs.toFixed(1)} ms (batch ${data.batch})`);
        return data;
      } catch (e) {
        this.log.warn(`inspect: latency of ${r.data.id}: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    });
    p.handle('exportImage', async (m) => ({ message: (await this.exportImage(m.format, m.target, m.data)) ?? null }));
    p.handle('exportTable', async (m) => ({ message: (await this.exportTable(m.format, m.target, m.slot)) ?? null }));
  }

  /** A slot's model, or why there is none. */
  private model(slot: Slot): Resolved {
    const r = this.resolved[slot];
    if (!r) throw new NotAvailableError(`no ${slot} model is shown`);
    return r;
  }

  /**
   * Loads a model into a slot (the main one by default): at once if a page has been up, and again when a page sends
   * `ready` (a panel in a background tab reloads its page when revealed, and that page may miss
   * the first message).
   */
  load(config: ModelConfig, focus?: string, slot: Slot = 'main', weights?: CheckpointWeights): void {
    if (config.source.kind === 'file' || config.source.kind === 'python') grantSource(config.source.uri);
    // A command's request for the main model brings its own weights, or none.
    if (slot === 'main') this.weights = weights ? { source: config.source, data: weights } : undefined;
    this.wanted[slot] = { config, ...(focus ? { focus } : {}), fromCommand: true };
    if (this.ready) void this.configure(slot, config, focus, 'command');
  }

  private async configure(slot: Slot, config: ModelConfig, focus: string | undefined, origin: Origin): Promise<void> {
    const started = Date.now();
    this.wanted[slot] = { config, ...(focus ? { focus } : {}) };
    try {
      let r = await resolveConfig(withHostLabel(config), readGrantedSource);
      // A newer request for this slot arrived while this one computed: it wins.
      if (this.wanted[slot]?.config !== config) return;
      if (slot === 'main' && this.weights) {
        if (sameSource(this.weights.source, config.source)) r = { ...r, data: attachWeightStats(r.data, r.analysis.graph, this.weights.data) };
        else this.weights = undefined;
      }
      this.resolved[slot] = r;
      if (this.lastError?.slot === slot && origin !== 'restore') this.lastError = undefined;
      if (slot === 'main') {
        this.panel.title = vscode.l10n.t('Inspect: {0}', r.data.id);
        this.sourceLink.set(r.data);
      }
      this.page.notify('model', { slot, data: r.data, ...(focus ? { focus } : {}) });
      this.log.info(`inspect: ${slot} = ${r.data.id} at ${r.data.input.join('×')} (${r.data.nodes.length} nodes, ${Date.now() - started} ms)`);
    } catch (err) {
      if (this.wanted[slot]?.config !== config) return;
      const message = errorText(err);
      this.log.warn(`inspect: ${err instanceof Error ? err.message : String(err)}`);
      // The last good model stays on screen (and is what a reload shows), with the error over it.
      const good = this.resolved[slot];
      if (good) this.wanted[slot] = { config: configOfData(good) };
      else delete this.wanted[slot];
      this.lastError = { slot, message };
      this.page.notify('error', { slot, message });
      // A request from a command always says so; a knob typed in the page shows in the page.
      if (origin === 'command' || !good) void vscode.window.showErrorMessage(`${vscode.l10n.t('Inspect Model')}: ${message}`);
    }
  }

  private async onReady(msg: { main?: ModelConfig; compare?: ModelConfig }): Promise<void> {
    this.ready = true;
    this.page.notify('catalog', { presets: presets.map((p) => ({ id: p.id, family: p.family, description: presetDescription(p) })) });
    // The host's own request wins over the state the page restored (see `wanted`).
    const main = this.wanted.main ?? (msg.main ? { config: msg.main } : undefined);
    const compare = this.wanted.compare ?? (msg.compare ? { config: msg.compare } : undefined);
    const error = this.lastError;
    if (main) await this.configure('main', main.config, main.focus, main.fromCommand ? 'command' : 'restore');
    else this.page.notify('error', { slot: 'main', message: 'No model: run "Backbone Lens: Inspect Model…" to pick one.' });
    if (compare) await this.configure('compare', compare.config, undefined, compare.fromCommand ? 'command' : 'restore');
    if (error && this.lastError === error) this.page.notify('error', error);
    // A focus is applied once; a later reload keeps the model, not the jump.
    if (this.wanted.main?.focus) this.wanted.main = { config: this.wanted.main.config };
  }

  private async pick(slot: Slot): Promise<void> {
    const source = await pickModel(slot === 'compare' ? vscode.l10n.t('Compare with…') : undefined);
    if (source?.kind === 'file' || source?.kind === 'python') grantSource(source.uri);
    if (source) await this.configure(slot, { source }, undefined, 'command');
  }

  private exportImage(format: ImageFormat, target: ExportTarget, data: string): Promise<string | undefined> {
    const id = this.resolved.main?.data.id ?? 'model';
    const what = format === 'png' ? vscode.l10n.t('the PNG') : vscode.l10n.t('the SVG');
    const content = format === 'png' ? Buffer.from(data, 'base64') : data;
    return saveOrCopy({ what, target, content, suggest: `${id}.${format}`, filters: format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] } }, vscode.l10n.t('Inspect Model'), this.log);
  }

  private exportTable(format: TableFormat, target: ExportTarget, slot: Slot): Promise<string | undefined> {
    const r = this.model(slot);
    const text = format === 'markdown' ? markdownTable(r.id, r.analysis) : csvTable(r.id, r.analysis);
    const what = format === 'markdown' ? vscode.l10n.t('the Markdown table') : vscode.l10n.t('the CSV table');
    const ext = format === 'markdown' ? 'md' : 'csv';
    return saveOrCopy({ what, target, content: text, suggest: `${r.data.id}-stats.${ext}`, filters: format === 'markdown' ? { Markdown: ['md'] } : { CSV: ['csv'] } }, vscode.l10n.t('Inspect Model'), this.log);
  }
}

/** A file's label comes from its URI, never from the webview's text (it is shown in messages). */
function withHostLabel(config: ModelConfig): ModelConfig {
  if (config.source.kind !== 'file') return config;
  let label: string;
  try {
    label = vscode.workspace.asRelativePath(vscode.Uri.parse(config.source.uri, true));
  } catch {
    label = 'the variant file';
  }
  return { ...config, source: { ...config.source, label } };
}

/** Whether two sources name the same model (the page sends back the source it was given). */
function sameSource(a: ModelSource, b: ModelSource): boolean {
  if (a.kind === 'preset') return b.kind === 'preset' && a.id === b.id;
  if (a.kind === 'file') return b.kind === 'file' && a.uri === b.uri;
  return b.kind === 'python' && a.uri === b.uri && a.target === b.target;
}

/** The configuration that reproduces a resolved model (source, input size, knob overrides). */
function configOfData(r: Resolved): ModelConfig {
  return { source: r.data.source, input: r.data.input, knobs: r.data.overrides };
}
