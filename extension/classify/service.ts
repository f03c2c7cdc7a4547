// What Classify Image keeps between runs: one inference worker client per extension (started
// on the first classification, not at activation; disposed with the extension), the running
// classification (one at a time), the weights picked this session, and whether the provider
// fallback has been explained; the recent runs it records for the Backbone Lens view.
import * as vscode from 'vscode';
import { InferenceClient } from '../../inference/client';
import type { WeightsChoice } from './chooseWeights';
import type { RecentRuns } from './recentRuns';

export class ClassifyService implements vscode.Disposable {
  private worker: InferenceClient | undefined;
  running: vscode.CancellationTokenSource | undefined;
  readonly remembered = new Map<string, WeightsChoice>();
  fallbackExplained = false;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
    readonly recentRuns: RecentRuns,
  ) {}

  /** The worker's client; the process itself starts with the first request (and again after a crash or cancel). */
  client(): InferenceClient {
    if (!this.worker) this.worker = this.newClient();
    return this.worker;
  }

  newClient(): InferenceClient {
    return new InferenceClient(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'worker.js').fsPath);
  }

  dispose(): void {
    this.running?.cancel();
    this.worker?.dispose();
    this.worker = undefined;
  }
}
