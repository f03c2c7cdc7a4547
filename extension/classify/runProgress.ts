// Runs a classification's chunks under a cancellable progress notification. While it runs, the
// service holds its cancellation (one run at a time; Cancel Classification reaches it) and the
// `classifying` context key enables that command; both are released however the run ends.
import * as vscode from 'vscode';
import { ContextKeys } from '../ids';
import type { RunTuning } from './classifyCommand';
import type { ClassifyRun } from './classifyRun';
import { runChunks, type RunOutcome } from './runChunks';
import type { ClassifyService } from './service';

/**
 * Sends the run's images to the worker in chunks (runChunks), reporting each chunk to the run and
 * the count to the notification. `tuning` fixes the chunk size and cancels after a number of
 * images, for tests; by default chunks adapt and only the user cancels.
 */
export async function runInProgress(service: ClassifyService, run: ClassifyRun, tuning: RunTuning): Promise<RunOutcome> {
  const { spec } = run.plan.weights.model;
  const cts = new vscode.CancellationTokenSource();
  service.running = cts;
  void vscode.commands.executeCommand('setContext', ContextKeys.classifying, true);
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: run.untrained ? vscode.l10n.t('Classifying with {0} (untrained)', spec.id) : vscode.l10n.t('Classifying with {0}', spec.id), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => cts.cancel());
        let reported = 0;
        const total = run.total;
        progress.report({ message: vscode.l10n.t('0 / {0} images — starting the worker', total) });
        return runChunks(service.client(), run.plan.targets.files, run.request, cts.token, {
          chunkSize: tuning.chunkSize,
          onProgress: (done) => {
            progress.report({ message: run.provider ? vscode.l10n.t('{0} / {1} images on {2}', done, total, run.provider) : vscode.l10n.t('{0} / {1} images', done, total), increment: ((done - reported) / total) * 100 });
            reported = done;
          },
          onChunk: (chunk) => {
            run.addChunk(chunk);
            if (tuning.cancelAfterImages !== undefined && run.summary.results.length >= tuning.cancelAfterImages) cts.cancel();
          },
        });
      },
    );
  } finally {
    service.running = undefined;
    cts.dispose();
    void vscode.commands.executeCommand('setContext', ContextKeys.classifying, false);
  }
}
