// The checkpoint editor's host side, one per open editor: indexes the file from its headers and
// sends the table and the recognised architecture at once, then streams the statistics tensor by
// tensor (memory bounded by the largest tensor), yielding between batches so the extension host
// stays responsive, with progress. Reading is safe in Restricted Mode: nothing in the file runs.
// A file that cannot be read gets the typed error (file, problem, what to do), never a blank page.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openWeightsFile, type WeightsFile } from '../../inference/weightsFile';
import { EngineError, indexWeights, memorySource, StatsStream, type ByteSource, type RecognitionResult, type WeightsIndex } from '../../models';
import { parseCheckpointWebviewMessage, type CheckpointHostMessage, type RenderedState, type StatsData } from '../../shared/protocol/checkpoint';
import { webviewPage } from '../webviewPage';
import { runCheckpointAction } from './checkpointActions';
import { architectureOf, batchNormRows, checkpointErrorOf, headerOf, statsData, tensorRows } from './checkpointData';

/** A batch of statistics is posted after this long (ms) or this many stored bytes, whichever comes first. */
const BATCH_MS = 100;
const BATCH_BYTES = 64 * 1024 * 1024;

/** What the host has done, for Commands.checkpointEditorState (integration tests). */
export interface CheckpointHostState {
  phase: 'reading' | 'streaming' | 'done' | 'error' | 'statsError';
  tensors: number;
  statsDone: number;
  architecture: string;
  error: string;
}

export class CheckpointEditor implements vscode.Disposable {
  /** Every open editor by document URI (the last one opened, if a file is open twice). */
  static readonly open = new Map<string, CheckpointEditor>();

  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private started = false;
  /** Everything posted so far, replayed when the page (re)loads and says `ready`. */
  private readonly sent: CheckpointHostMessage[] = [];
  private index: WeightsIndex | undefined;
  private recognition: RecognitionResult | undefined;
  private file: WeightsFile | undefined;
  readonly state: CheckpointHostState = { phase: 'reading', tensors: 0, statsDone: 0, architecture: '', error: '' };
  rendered: RenderedState | undefined;

  constructor(
    private readonly uri: vscode.Uri,
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const ext = context.extensionUri;
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(ext, 'dist', 'webview'), vscode.Uri.joinPath(ext, 'media')] };
    panel.webview.html = webviewPage(panel.webview, ext, { script: 'checkpoint.js', stylesheet: 'checkpoint.css', title: path.basename(uri.fsPath), placeholder: '<p class="muted">Reading the checkpoint…</p>' });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
    CheckpointEditor.open.set(uri.toString(), this);
  }

  private get name(): string {
    return path.basename(this.uri.fsPath);
  }

  private post(m: CheckpointHostMessage): void {
    if (m.type !== 'notice') this.sent.push(m);
    void this.panel.webview.postMessage(m);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseCheckpointWebviewMessage(raw);
    if (!msg) {
      this.log.warn(`checkpoint: ignored an invalid message from the editor of ${this.name}`);
      return;
    }
    if (msg.type === 'rendered') {
      this.rendered = msg.state;
      return;
    }
    if (msg.type === 'ready') {
      // A page that reloaded (hidden and shown again) gets everything so far.
      for (const m of this.sent) void this.panel.webview.postMessage(m);
      if (!this.started) {
        this.started = true;
        await this.run();
      }
      return;
    }
    if (!this.index || this.recognition === undefined) return;
    try {
      const notice = await runCheckpointAction(msg.action, { uri: this.uri, index: this.index, recognition: this.recognition, log: this.log, extensionUri: this.context.extensionUri });
      if (notice) this.post({ type: 'notice', message: notice });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`checkpoint: ${msg.action} of ${this.uri.fsPath}: ${message}`);
      void vscode.window.showErrorMessage(`Backbone Lens: ${message}`);
      this.post({ type: 'notice', message });
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
      this.post({ type: 'index', header, architecture: data, tensors: tensorRows(this.index), trusted: vscode.workspace.isTrusted });
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
      while (!this.disposed && !stream.finished) {
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
          done = step.bytesDone;
          bytes += done - before;
        }
        this.state.statsDone += rows.length;
        this.post({ type: 'stats', rows, bytesDone: done, totalBytes: stream.totalBytes });
        // Let the extension host breathe between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (this.disposed) return;
      this.post({ type: 'statsDone', batchNorm: batchNormRows(stream.batchNorm) });
      this.state.phase = 'done';
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
    this.post({ type: phase, error });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.file?.close();
    if (CheckpointEditor.open.get(this.uri.toString()) === this) CheckpointEditor.open.delete(this.uri.toString());
    for (const d of this.disposables) d.dispose();
  }
}
