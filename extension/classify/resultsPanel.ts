// The results panel host: keeps every row, error and status of one run (so a hidden-and-shown
// webview gets everything back on `ready`), validates each webview message, exports CSV/JSON
// and opens Inspect Model for the run's model. After a window reload the serializer revives it
// from the webview's saved state (validated; see restoreState.ts).
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveId } from '../../models';
import { Commands, ViewTypes } from '../ids';
import { NotAvailableError } from '../../shared/errors';
import type { Peer } from '../../shared/rpc';
import { parseClassifyPanelState, resultsHostServes, resultsPageAnswers, type ErrorRow, type ExportFormat, type ExportTarget, type ImageRow, type ResultsHostApi, type ResultsPageApi, type RunInfo, type RunStatus } from '../../shared/protocol/classify';
import { saveOrCopy } from '../panels/exportFlow';
import { PanelHost } from '../panels/panelHost';
import { safeJson } from '../panels/safeJson';
import { saveCamPng } from './saveCamPng';
import { resultsCsv, resultsJson } from './exportResults';
import { resultsHtml, resultsRoots } from './resultsHtml';
import { insideRoots, restoreRun } from './restoreState';
import type { InspectArg } from './resolveModel';

export class ResultsPanel {
  readonly rows: ImageRow[] = [];
  readonly errors: ErrorRow[] = [];
  private ready = false;
  private unsent = { rows: 0, errors: 0 };
  private readonly host: PanelHost;
  private readonly page: Peer<ResultsHostApi, ResultsPageApi>;
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
    inspectArg: InspectArg | undefined,
  ): ResultsPanel {
    const last = ResultsPanel.last;
    if (last?.host.isOpen) {
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
  private restart(title: string, info: RunInfo, status: RunStatus, imageRoots: readonly string[], inspectArg: InspectArg | undefined, extensionUri: vscode.Uri): void {
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
      this.page.notify('snapshot', { info, rows: [], errors: [], status, roots: this.roots });
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
    const disk = {
      isDirectory: (p: string): boolean => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
      isFile: (p: string): boolean => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
    };
    const run = restoreRun(parsed, disk, (file) => panel.webview.asWebviewUri(vscode.Uri.file(file)).toString(), vscode.env.language);
    const dropped = parsed.roots.length - run.roots.length;
    if (dropped > 0 || run.roots.some((r) => !parsed.roots.includes(r))) log.info(`classify: restored results panel: it may read ${run.roots.length} folder(s) holding its images (the saved state named ${parsed.roots.length}); images elsewhere show no thumbnail`);
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
    private inspectArg: InspectArg | undefined,
  ) {
    this.roots = [...imageRoots];
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'inspect.svg');
    this.host = new PanelHost(panel, log, 'classify');
    this.page = this.host.connect<ResultsHostApi, ResultsPageApi>({ served: resultsHostServes, called: resultsPageAnswers });
    this.page.on('ready', () => {
      this.ready = true;
      this.unsent = { rows: this.rows.length, errors: this.errors.length };
      this.page.notify('snapshot', { info: this.info, rows: this.rows, errors: this.errors, status: this.status, roots: this.roots });
    });
    this.page.handle('inspectModel', () => this.inspectModel());
    this.page.handle('openImage', ({ image }) => this.openImage(image));
    this.page.handle('saveCamPng', async (m) => ({ message: (await saveCamPng(m, this.rows, this.log)) ?? null }));
    this.page.handle('export', async ({ format, target }) => ({ message: (await this.export(format, target)) ?? null }));
    this.host.onClose(() => {
      if (ResultsPanel.last === this) ResultsPanel.last = undefined;
    });
    this.panel.webview.html = resultsHtml(this.panel.webview, context.extensionUri);
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
    if (!this.ready || !this.host.isOpen) return;
    const rows = this.rows.slice(this.unsent.rows);
    const errors = this.errors.slice(this.unsent.errors);
    this.unsent = { rows: this.rows.length, errors: this.errors.length };
    this.page.notify('append', { info: this.info, rows, errors, status: this.status });
  }

  private async inspectModel(): Promise<null> {
    if (this.inspectArg === undefined) {
      throw new NotAvailableError(this.info.inspectable ? vscode.l10n.t('The diagram of {0} cannot be opened from a restored panel: classify again, or run "Inspect Model…".', this.info.model) : vscode.l10n.t('This model (an .onnx file) has no block diagram.'));
    }
    await vscode.commands.executeCommand(Commands.inspectModel, this.inspectArg);
    return null;
  }

  private async openImage(image: string): Promise<null> {
    // Only images of this run, inside its image folders: the webview, and a restored state, are untrusted input.
    if ((!this.rows.some((r) => r.image === image) && !this.errors.some((e) => e.image === image)) || !insideRoots(image, this.roots)) throw new NotAvailableError(`${image} is not an image of this run`);
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(image), { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return null;
  }

  private export(format: ExportFormat, target: ExportTarget): Promise<string | undefined> {
    const results = this.rows.length === 1 ? vscode.l10n.t('1 result') : vscode.l10n.t('{0} results', this.rows.length);
    const counts = this.errors.length === 0 ? results : this.errors.length === 1 ? vscode.l10n.t('{0} and 1 error', results) : vscode.l10n.t('{0} and {1} errors', results, this.errors.length);
    const what = vscode.l10n.t('{0} as {1}', counts, format.toUpperCase());
    const first = this.rows[0]?.image ?? this.errors[0]?.image;
    const base = `classification-${this.info.model.replace(/[^A-Za-z0-9_.-]/g, '_')}.${format}`;
    return saveOrCopy(
      {
        what,
        target,
        content: format === 'csv' ? resultsCsv(this.info, this.rows, this.errors) : resultsJson(this.info, this.rows, this.errors),
        // Next to the images, else in the workspace.
        suggest: first ? vscode.Uri.file(path.join(path.dirname(first), base)) : base,
        filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      },
      vscode.l10n.t('Classify Image'),
      this.log,
    );
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
