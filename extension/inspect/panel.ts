// The Inspect Model panel host: creates (or restores) the webview, answers its messages after
// validating them against the protocol, and keeps the last good model of each slot so a bad
// input never loses what is on screen.
import * as vscode from 'vscode';
import { ViewTypes } from '../ids';
import { parseWebviewMessage, type HostMessage, type ModelConfig, type Slot, type WebviewMessage } from '../protocol/inspect';
import { inspectHtml, webviewOptions } from './html';
import { resolveConfig, type Resolved } from './modelData';
import { pickModel } from './pick';
import { showReceptiveField } from './rfLens';
import { csvTable, markdownTable } from './tables';
import { SourceLink } from './sourceLink';
import { grantSource, readGrantedSource } from './sourceAccess';
import { presets } from '../../models';
import { readSettings } from '../classify/settings';
import { LatencyRunner, memoryMessage } from './cost';

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
  private readonly sourceLink = new SourceLink((path) => this.post({ type: 'focus', path }));

  /** Shows `config` in the most recently active panel, or in a new one. */
  static show(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, config: ModelConfig, focus?: string): InspectPanel {
    const existing = InspectPanel.lastActive;
    if (existing) {
      existing.panel.reveal(undefined, false);
      existing.load(config, focus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(ViewTypes.inspect, vscode.l10n.t('Inspect Model'), vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    const p = new InspectPanel(panel, context, log);
    p.load(config, focus);
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

  /** Asks the active panel's page to measure its main model (the Measure Latency command); false when no panel is open. */
  static measureActive(): boolean {
    const p = InspectPanel.lastActive;
    if (p) p.post({ type: 'measureLatency' });
    return p !== undefined;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.latency = new LatencyRunner(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath);
    InspectPanel.open.add(this);
    InspectPanel.lastActive = this;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'inspect.svg');
    panel.webview.html = inspectHtml(panel.webview, context.extensionUri);
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const msg = parseWebviewMessage(raw);
      if (!msg) {
        log.warn(`inspect: ignored an invalid message from the webview: ${safeJson(raw)}`);
        return;
      }
      this.handle(msg).catch((err) => log.error(`inspect: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
    }, undefined, context.subscriptions);
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) InspectPanel.lastActive = this;
    }, undefined, context.subscriptions);
    panel.onDidDispose(() => {
      this.sourceLink.dispose();
      this.latency.dispose();
      InspectPanel.open.delete(this);
      if (InspectPanel.lastActive === this) InspectPanel.lastActive = [...InspectPanel.open].pop();
    }, undefined, context.subscriptions);
  }

  /**
   * Loads a model into a slot (the main one by default): at once if a page has been up, and again when a page sends
   * `ready` (a panel in a background tab reloads its page when revealed, and that page may miss
   * the first message).
   */
  load(config: ModelConfig, focus?: string, slot: Slot = 'main'): void {
    if (config.source.kind === 'file' || config.source.kind === 'python') grantSource(config.source.uri);
    this.wanted[slot] = { config, ...(focus ? { focus } : {}), fromCommand: true };
    if (this.ready) void this.configure(slot, config, focus, 'command');
  }

  private post(msg: HostMessage): void {
    void this.panel.webview.postMessage(msg);
  }

  private async configure(slot: Slot, config: ModelConfig, focus: string | undefined, origin: Origin): Promise<void> {
    const started = Date.now();
    this.wanted[slot] = { config, ...(focus ? { focus } : {}) };
    try {
      const r = await resolveConfig(withHostLabel(config), readGrantedSource);
      // A newer request for this slot arrived while this one computed: it wins.
      if (this.wanted[slot]?.config !== config) return;
      this.resolved[slot] = r;
      if (this.lastError?.slot === slot && origin !== 'restore') this.lastError = undefined;
      if (slot === 'main') {
        this.panel.title = vscode.l10n.t('Inspect: {0}', r.data.id);
        this.sourceLink.set(r.data);
      }
      this.post({ type: 'model', slot, data: r.data, ...(focus ? { focus } : {}) });
      this.log.info(`inspect: ${slot} = ${r.data.id} at ${r.data.input.join('×')} (${r.data.nodes.length} nodes, ${Date.now() - started} ms)`);
    } catch (err) {
      if (this.wanted[slot]?.config !== config) return;
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn(`inspect: ${message}`);
      // The last good model stays on screen (and is what a reload shows), with the error over it.
      const good = this.resolved[slot];
      if (good) this.wanted[slot] = { config: configOfData(good) };
      else delete this.wanted[slot];
      this.lastError = { slot, message };
      this.post({ type: 'error', slot, message });
      // A request from a command always says so; a knob typed in the page shows in the page.
      if (origin === 'command' || !good) void vscode.window.showErrorMessage(`${vscode.l10n.t('Inspect Model')}: ${message}`);
    }
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        this.ready = true;
        this.post({ type: 'catalog', presets: presets.map((p) => ({ id: p.id, family: p.family, description: p.description })) });
        // The host's own request wins over the state the page restored (see `wanted`).
        const main = this.wanted.main ?? (msg.main ? { config: msg.main } : undefined);
        const compare = this.wanted.compare ?? (msg.compare ? { config: msg.compare } : undefined);
        const error = this.lastError;
        if (main) await this.configure('main', main.config, main.focus, main.fromCommand ? 'command' : 'restore');
        else this.post({ type: 'error', slot: 'main', message: 'No model: run "Backbone Lens: Inspect Model…" to pick one.' });
        if (compare) await this.configure('compare', compare.config, undefined, compare.fromCommand ? 'command' : 'restore');
        if (error && this.lastError === error) this.post({ type: 'error', ...error });
        // A focus is applied once; a later reload keeps the model, not the jump.
        if (this.wanted.main?.focus) this.wanted.main = { config: this.wanted.main.config };
        return;
      }
      case 'configure':
        return this.configure(msg.slot, msg.config, undefined, 'page');
      case 'pickModel': {
        const source = await pickModel(msg.slot === 'compare' ? vscode.l10n.t('Compare with…') : undefined);
        if (source?.kind === 'file' || source?.kind === 'python') grantSource(source.uri);
        if (source) await this.configure(msg.slot, { source }, undefined, 'command');
        return;
      }
      case 'trainMemory': {
        const r = this.resolved[msg.slot];
        if (r) this.post(memoryMessage(r, msg));
        return;
      }
      case 'profile': {
        const r = this.resolved[msg.slot];
        if (!r) return;
        const reply = await this.latency.message(r, msg, readSettings().ep);
        if (reply.type === 'costError') this.log.warn(`inspect: latency of ${r.data.id}: ${reply.message}`);
        else if (reply.type === 'latency') this.log.info(`inspect: latency of ${r.data.id} on ${reply.data.provider}: ${reply.data.totalMs.toFixed(1)} ms (batch ${reply.data.batch})`);
        this.post(reply);
        return;
      }
      case 'selected':
        return this.sourceLink.reveal(msg.path);
      case 'clearCompare':
        delete this.resolved.compare;
        delete this.wanted.compare;
        this.post({ type: 'clearCompare' });
        return;
      case 'exportImage': {
        const id = this.resolved.main?.data.id ?? 'model';
        if (msg.target === 'clipboard') {
          await vscode.env.clipboard.writeText(msg.data);
          this.post({ type: 'exported', message: 'SVG copied to the clipboard' });
          return;
        }
        const bytes = msg.format === 'png' ? Buffer.from(msg.data, 'base64') : new TextEncoder().encode(msg.data);
        await this.saveFile(`${id}.${msg.format}`, msg.format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] }, bytes);
        return;
      }
      case 'showReceptiveField': {
        const r = this.resolved[msg.slot];
        if (r) await showReceptiveField(this.context, this.log, r, msg.path);
        return;
      }
      case 'exportTable': {
        const r = this.resolved[msg.slot];
        if (!r) return;
        const text = msg.format === 'markdown' ? markdownTable(r.id, r.analysis) : csvTable(r.id, r.analysis);
        if (msg.target === 'clipboard') {
          await vscode.env.clipboard.writeText(text);
          this.post({ type: 'exported', message: `${msg.format === 'markdown' ? 'Markdown' : 'CSV'} table copied to the clipboard` });
          return;
        }
        const ext = msg.format === 'markdown' ? 'md' : 'csv';
        await this.saveFile(`${r.data.id}-stats.${ext}`, msg.format === 'markdown' ? { Markdown: ['md'] } : { CSV: ['csv'] }, new TextEncoder().encode(text));
        return;
      }
    }
  }

  private async saveFile(name: string, filters: Record<string, string[]>, bytes: Uint8Array): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, bytes);
    const saved = vscode.l10n.t('Saved {0}', vscode.workspace.asRelativePath(uri));
    this.post({ type: 'exported', message: saved });
    // Every format says so the same way (the page's status line can be out of sight).
    void vscode.window.showInformationMessage(`${vscode.l10n.t('Inspect Model')}: ${saved}`, vscode.l10n.t('Open')).then((a) => a && vscode.commands.executeCommand('vscode.open', uri));
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

/** The configuration that reproduces a resolved model (source, input size, knob overrides). */
function configOfData(r: Resolved): ModelConfig {
  return { source: r.data.source, input: r.data.input, knobs: r.data.overrides };
}

function safeJson(v: unknown): string {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 200);
  } catch {
    return String(v).slice(0, 200);
  }
}
