// The results panel host: keeps every row, error and status of one run (so a hidden-and-shown
// webview gets everything back on `ready`), validates each webview message, exports CSV/JSON
// and opens Inspect Model for the run's model. After a window reload the serializer revives it
// from the webview's saved state (validated; see restoreState.ts).
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveId } from '../../models';
import { Commands, ViewTypes } from '../ids';
import { parseClassifyPanelState, parseClassifyWebviewMessage, type ClassifyHostMessage, type ClassifyWebviewMessage, type ErrorRow, type ImageRow, type RunInfo, type RunStatus } from '../protocol/classify';
import { saveCamPng } from './saveCamPng';
import { resultsCsv, resultsJson } from './exportResults';
import { resultsHtml, resultsRoots } from './resultsHtml';
import { restoreRun } from './restoreState';

export class ResultsPanel {
  readonly rows: ImageRow[] = [];
  readonly errors: ErrorRow[] = [];
  private ready = false;
  private unsent = { rows: 0, errors: 0 };
  private disposed = false;
  /** Image folders the webview may read (kept in its state for a reload). */
  private roots: string[];
  /** The panel of the last run: the next run reuses its tab instead of opening another. */
  private static last: ResultsPanel | undefined;

  /** The panel for a run that is starting: the last run's tab when it is still open, else a new one. */
  static create(
    context: vscode.ExtensionContext,
    log: vscode.LogOutputChannel,
    title: string,
    info: RunInfo,
    status: RunStatus,
    imageRoots: readonly string[],
    inspectArg: string | vscode.Uri | undefined,
  ): ResultsPanel {
    const last = ResultsPanel.last;
    if (last && !last.disposed) {
      last.restart(title, info, status, imageRoots, inspectArg, context.extensionUri);
      return last;
    }
    const panel = vscode.window.createWebviewPanel(ViewTypes.classify, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: resultsRoots(context.extensionUri, imageRoots),
    });
    return (ResultsPanel.last = new ResultsPanel(panel, context, log, info, status, imageRoots, inspectArg));
  }

  /** Starts a new run in this panel: the old run's rows go, the tab comes forward. */
  private restart(title: string, info: RunInfo, status: RunStatus, imageRoots: readonly string[], inspectArg: string | vscode.Uri | undefined, extensionUri: vscode.Uri): void {
    this.rows.length = 0;
    this.errors.length = 0;
    this.unsent = { rows: 0, errors: 0 };
    this.info = info;
    this.status = status;
    this.inspectArg = inspectArg;
    this.panel.title = title;
    if (imageRoots.join('\n') !== this.roots.join('\n')) {
      this.roots = [...imageRoots];
      // New folders to read thumbnails from: the page reloads and asks for a snapshot (`ready`).
      this.ready = false;
      this.panel.webview.options = { enableScripts: true, localResourceRoots: resultsRoots(extensionUri, this.roots) };
      this.panel.webview.html = resultsHtml(this.panel.webview, extensionUri);
    } else if (this.ready) {
      this.post({ type: 'snapshot', info, rows: [], errors: [], status, roots: this.roots });
    }
    this.panel.reveal(vscode.ViewColumn.Active, false);
  }

  /**
   * Called by the serializer after a window reload with the webview's saved state (untrusted:
   * validated here, folders re-checked on disk). A panel whose state cannot be read is closed.
   */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, log: vscode.LogOutputChannel, state: unknown): ResultsPanel | undefined {
    const parsed = parseClassifyPanelState(state);
    if (!parsed) {
      log.warn(`classify: a results panel could not be restored after a reload (its saved state is missing or not valid: ${safeJson(state)}); closed it`);
      panel.dispose();
      return undefined;
    }
    const isDirectory = (p: string): boolean => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
    const run = restoreRun(parsed, isDirectory, (file) => panel.webview.asWebviewUri(vscode.Uri.file(file)).toString());
    const dropped = parsed.roots.length - run.roots.length;
    if (dropped > 0) log.info(`classify: restored results panel: ${dropped} image folder(s) of the saved state are gone or not absolute paths; their thumbnails are not shown`);
    panel.webview.options = { enableScripts: true, localResourceRoots: resultsRoots(context.extensionUri, run.roots) };
    const r = new ResultsPanel(panel, context, log, run.info, run.status, run.roots, restoredInspectArg(run.info));
    r.update(run.rows, run.errors, run.status);
    ResultsPanel.last = r;
    log.info(`classify: restored a results panel after a reload (${run.info.model}, ${run.rows.length} result(s), ${run.errors.length} error(s))`);
    return r;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    public info: RunInfo,
    public status: RunStatus,
    imageRoots: readonly string[],
    private inspectArg: string | vscode.Uri | undefined,
  ) {
    this.roots = [...imageRoots];
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'inspect.svg');
    this.panel.webview.html = resultsHtml(this.panel.webview, context.extensionUri);
    this.panel.webview.onDidReceiveMessage((raw: unknown) => {
      const msg = parseClassifyWebviewMessage(raw);
      if (!msg) {
        log.warn(`classify: ignored an invalid message from the results webview: ${safeJson(raw)}`);
        return;
      }
      this.handle(msg).catch((e) => log.error(`classify: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    });
    this.panel.onDidDispose(() => {
      this.disposed = true;
      if (ResultsPanel.last === this) ResultsPanel.last = undefined;
    });
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  thumbUri(file: string): string {
    return this.panel.webview.asWebviewUri(vscode.Uri.file(file)).toString();
  }

  /** Adds rows and errors and sends what the page has not seen. */
  update(rows: readonly ImageRow[], errors: readonly ErrorRow[], status: RunStatus, info: RunInfo = this.info): void {
    this.rows.push(...rows);
    this.errors.push(...errors);
    this.status = status;
    this.info = info;
    this.flush();
  }

  private flush(): void {
    if (!this.ready || this.disposed) return;
    const rows = this.rows.slice(this.unsent.rows);
    const errors = this.errors.slice(this.unsent.errors);
    this.unsent = { rows: this.rows.length, errors: this.errors.length };
    this.post({ type: 'append', info: this.info, rows, errors, status: this.status });
  }

  private post(msg: ClassifyHostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(msg);
  }

  private async handle(msg: ClassifyWebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.unsent = { rows: this.rows.length, errors: this.errors.length };
        this.post({ type: 'snapshot', info: this.info, rows: this.rows, errors: this.errors, status: this.status, roots: this.roots });
        return;
      case 'inspectModel':
        if (this.inspectArg === undefined) {
          this.post({ type: 'exported', message: this.info.inspectable ? vscode.l10n.t('The diagram of {0} cannot be opened from a restored panel: classify again, or run "Inspect Model…".', this.info.model) : vscode.l10n.t('This model (an .onnx file) has no block diagram.') });
          return;
        }
        await vscode.commands.executeCommand(Commands.inspectModel, this.inspectArg);
        return;
      case 'openImage': {
        // Only images of this run: the webview is untrusted input.
        if (!this.rows.some((r) => r.image === msg.image) && !this.errors.some((e) => e.image === msg.image)) return;
        await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(msg.image), { preview: true, viewColumn: vscode.ViewColumn.Beside });
        return;
      }
      case 'saveCamPng':
        await saveCamPng(msg, this.rows, this.log, (m) => this.post({ type: 'exported', message: m }));
        return;
      case 'export': {
        const text = msg.format === 'csv' ? resultsCsv(this.info, this.rows, this.errors) : resultsJson(this.info, this.rows, this.errors);
        const results = this.rows.length === 1 ? vscode.l10n.t('1 result') : vscode.l10n.t('{0} results', this.rows.length);
        const what = this.errors.length === 0 ? results : this.errors.length === 1 ? vscode.l10n.t('{0} and 1 error', results) : vscode.l10n.t('{0} and {1} errors', results, this.errors.length);
        if (msg.target === 'clipboard') {
          await vscode.env.clipboard.writeText(text);
          this.post({ type: 'exported', message: vscode.l10n.t('Copied {0} as {1}.', what, msg.format.toUpperCase()) });
          return;
        }
        const first = this.rows[0]?.image ?? this.errors[0]?.image;
        const base = `classification-${this.info.model.replace(/[^A-Za-z0-9_.-]/g, '_')}.${msg.format}`;
        const defaultUri = first ? vscode.Uri.file(path.join(path.dirname(first), base)) : vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, base) : undefined;
        const target = await vscode.window.showSaveDialog({ title: vscode.l10n.t('Export {0}', what), ...(defaultUri ? { defaultUri } : {}), filters: msg.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
        this.log.info(`classify: exported ${what} to ${target.fsPath}`);
        this.post({ type: 'exported', message: vscode.l10n.t('Saved {0} to {1}.', what, target.fsPath) });
        return;
      }
    }
  }
}

/** Inspect Model's argument for a restored run: only a preset id (the state is untrusted, and a
 *  variant file's path is not kept). */
function restoredInspectArg(info: RunInfo): string | undefined {
  if (!info.inspectable) return undefined;
  try {
    resolveId(info.model);
    return info.model;
  } catch {
    return undefined;
  }
}

function safeJson(v: unknown): string {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 200);
  } catch {
    return String(v).slice(0, 200);
  }
}
