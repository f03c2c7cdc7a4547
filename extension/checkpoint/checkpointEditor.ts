// The checkpoint editor's host side, one per open editor: indexes the file from its headers and
// sends the table and the recognised architecture at once, then streams the statistics tensor by
// tensor (memory bounded by the largest tensor), yielding between batches so the extension host
// stays responsive, with progress. Reading is safe in Restricted Mode: nothing in the file runs.
// A file that cannot be read gets the typed error (file, problem, what to do), never a blank page.
// The panel's lifecycle and its end of the protocol are a PanelHost's (area `checkpoint`).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openWeightsFile, type WeightsFile } from '../../inference/weightsFile';
import { EngineError, indexWeights, memorySource, StatsStream, type ByteSource, type RecognitionResult, type WeightsIndex } from '../../models';
import type { Peer } from '../../shared/rpc';
import { checkpointHostServes, checkpointPageAnswers, type CheckpointAction, type CheckpointHostApi, type CheckpointPageApi, type RenderedState, type StatsData } from '../../shared/protocol/checkpoint';
import { PanelHost } from '../panels/panelHost';
import { webviewPage } from '../webviewPage';
import { runCheckpointAction } from './checkpointActions';
import { architectureOf, batchNormRows, checkpointErrorOf, checkpointWeights, headerOf, statsData, tensorRows } from './checkpointData';
import { checkpointStatsDone } from './statsDone';
import { errorText } from '../errorText';

/** A batch of statistics is posted after this long (ms) or this many stored bytes, whichever comes first. */
const BATCH_MS = 100;
const BATCH_BYTES = 64 * 1024 * 1024;

/** What the host has done, for TestCommands.checkpointEditorState (integration tests). */
export interface CheckpointHostState {
  phase: 'reading' | 'streaming' | 'done' | 'error' | 'statsError';
  tensors: number;
  statsDone: number;
  architecture: string;
  error: string;
}

type PageNotifications = CheckpointPageApi['notifications'];

export class CheckpointEditor {
  /** Every open editor by document URI (the last one opened, if a file is open twice). */
  static readonly open = new Map<string, CheckpointEditor>();

  private readonly host: PanelHost;
  private readonly page: Peer<CheckpointHostApi, CheckpointPageApi>;
  private started = false;
  /** Everything sent so far, replayed when the page (re)loads and says `ready`. */
  private readonly sent: (() => void)[] = [];
  private index: WeightsIndex | undefined;
  private recognition: RecognitionResult | undefined;
  private file: WeightsFile | undefined;
  /** Every tensor's statistics streamed so far, by position in the index (Inspect's weight colour modes). */
  private readonly stats = new Map<number, StatsData>();
  readonly state: CheckpointHostState = { phase: 'reading', tensors: 0, statsDone: 0, architecture: '', error: '' };
  rendered: RenderedState | undefined;

  constructor(
    private readonly uri: vscode.Uri,
    panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const ext = context.extensionUri;
    this.host = new PanelHost(panel, log, 'checkpoint');
    this.page = this.host.connect<CheckpointHostApi, CheckpointPageApi>({ served: checkpointHostServes, called: checkpointPageAnswers });
    this.page.on('rendered', (state) => (this.rendered = state));
    this.page.on('ready', () => {
      // A page that reloaded (hidden and shown again) gets everything so far.
      for (const send of this.sent) send();
      if (this.started) return;
      this.started = true;
      this.host.run('reading', this.run());
    });
    this.page.handle('action', async ({ action }) => ({ notice: (await this.action(action)) ?? null }));
    this.host.onClose(() => this.closed());
    CheckpointEditor.open.set(uri.toString(), this);
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(ext, 'dist', 'webview'), vscode.Uri.joinPath(ext, 'media')] };
    panel.webview.html = webviewPage(panel.webview, ext, { script: 'checkpoint.js', stylesheet: 'checkpoint.css', title: path.basename(uri.fsPath), placeholder: `<p class="muted">${vscode.l10n.t('Reading the checkpoint…')}</p>` });
  }

  private get name(): string {
    return path.basename(this.uri.fsPath);
  }

  /** Sends `m` to the page and keeps it for a page that reloads. */
  private send<M extends keyof PageNotifications & string>(m: M, params: PageNotifications[M]): void {
    const send = (): void => this.page.notify(m, params);
    this.sent.push(send);
    send();
  }

  /** The line the page shows for `action` (undefined: a dialog was dismissed, or nothing is read yet). */
  private async action(action: CheckpointAction): Promise<string | undefined> {
    if (!this.index || this.recognition === undefined) return undefined;
    try {
      return await runCheckpointAction(action, { uri: this.uri, index: this.index, recognition: this.recognition, log: this.log, extensionUri: this.context.extensionUri, stats: this.stats, statsDone: this.state.phase === 'done' });
    } catch (e) {
      const message = errorText(e);
      this.log.error(`checkpoint: ${action} of ${this.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`Backbone Lens: ${message}`);
      return message;
    }
  }

  /** The file as a ByteSource: read tensor by tensor from disk, or whole for a non-file resource. */
  private async source(): Promise<ByteSource> {
    if (this.uri.scheme === 'file') return (this.file = openWeightsFile(this.uri.fsPath, this.name));
    return memorySource(await vscode.workspace.fs.readFile(this.uri));
  }

  private async run(): Promise<void> {
    const t0 = performance.now();
    let source: ByteSource;
    try {
      source = await this.source();
      this.index = indexWeights(source, this.name);
      const { data, recognition } = architectureOf(this.index);
      this.recognition = recognition;
      const header = headerOf(this.index, this.name, vscode.workspace.asRelativePath(this.uri), source.size);
      this.state.tensors = this.index.tensors.length;
      this.state.architecture = data.recognised ? `${data.exact ? 'exact' : 'nearest'} ${data.model}` : `not recognised: ${data.reason}`;
      this.send('index', { header, architecture: data, tensors: tensorRows(this.index), trusted: vscode.workspace.isTrusted });
      this.log.info(`checkpoint: ${this.uri.fsPath}: ${this.index.tensors.length} tensors indexed in ${(performance.now() - t0).toFixed(0)} ms; ${this.state.architecture}`);
    } catch (e) {
      this.fail('error', e);
      return;
    }
    await this.stream(this.index, t0);
  }

  private async stream(index: WeightsIndex, t0: number): Promise<void> {
    this.state.phase = 'streaming';
    const stream = new StatsStream(index);
    try {
      while (this.host.isOpen && !stream.finished) {
        const batchStart = performance.now();
        const rows: { position: number; stats: StatsData }[] = [];
        let bytes = 0;
        let done = 0;
        while (!stream.finished && performance.now() - batchStart < BATCH_MS && bytes < BATCH_BYTES) {
          const before = done;
          const step = stream.step();
          if (!step) break;
          const stats = statsData(step.stats);
          rows.push({ position: step.position, stats });
          this.stats.set(step.position, stats);
          done = step.bytesDone;
          bytes += done - before;
        }
        this.state.statsDone += rows.length;
        this.send('stats', { rows, bytesDone: done, totalBytes: stream.totalBytes });
        // Let the extension host breathe between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!this.host.isOpen) return;
      this.send('statsDone', { batchNorm: batchNormRows(stream.batchNorm) });
      this.state.phase = 'done';
      // An Inspect panel opened from this file while it streamed recolours with the whole statistics.
      if (this.recognition?.model) checkpointStatsDone(checkpointWeights(index, this.recognition, this.stats, path.basename(this.uri.fsPath), this.uri.toString(), true));
      this.log.info(`checkpoint: ${this.uri.fsPath}: statistics of ${index.tensors.length} tensors (${(stream.totalBytes / 1e6).toFixed(1)} MB) in ${(performance.now() - t0).toFixed(0)} ms`);
    } catch (e) {
      this.fail('statsError', e);
    } finally {
      this.file?.close();
    }
  }

  private fail(phase: 'error' | 'statsError', e: unknown): void {
    this.file?.close();
    const error = checkpointErrorOf(e, this.name);
    this.state.phase = phase;
    this.state.error = `${error.file}: ${error.problem}`;
    // A refusal of the readers is the file's problem; anything else is ours, and its stack says where.
    this.log.warn(`checkpoint: ${this.uri.fsPath}: ${error.problem}`);
    if (!(e instanceof EngineError) && e instanceof Error) this.log.error(e.stack ?? e.message);
    this.send(phase, { error });
  }

  /** The panel closed (PanelHost disposed its listeners): the file is closed and the editor forgotten. */
  private closed(): void {
    this.file?.close();
    if (CheckpointEditor.open.get(this.uri.toString()) === this) CheckpointEditor.open.delete(this.uri.toString());
  }
}
