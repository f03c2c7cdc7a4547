// How a run ended, told once: in the log, the panel's status line, a notification where the user
// should act (errors, a failure, a fallback to the CPU), the summary the command resolves with,
// and the recent runs of the Backbone Lens view.
import * as vscode from 'vscode';
import { WorkerExitedError } from '../../shared/errors';
import { SettingKeys } from '../ids';
import { OPEN_SETTINGS, SHOW_LOG, showError } from './classifyMessages';
import type { ClassifyRun } from './classifyRun';
import type { RunOutcome } from './runChunks';
import type { ClassifyService } from './service';
import { codedText, errorText } from '../errorText';

/** Reports the outcome, records the run, and explains a fallback from `auto` to the CPU. */
export async function reportRun(service: ClassifyService, run: ClassifyRun, outcome: RunOutcome): Promise<void> {
  const { summary, plan } = run;
  const elapsed = (performance.now() - plan.t0) / 1000;
  const counts = `${summary.results.length} of ${run.total} image(s) classified, ${summary.errors.length} error(s), ${elapsed.toFixed(1)} s`;
  summary.provider = run.provider;
  if (outcome.state === 'done') reportDone(service.log, run, outcome, counts);
  else if (outcome.state === 'cancelled') reportCancelled(service.log, run, outcome, counts);
  else reportFailed(service, run, outcome);
  const { settings, images } = plan;
  await service.recentRuns.record({ label: run.label, model: settings.model, paths: images.paths, classified: summary.results.length, errors: summary.errors.length, state: outcome.state, untrained: run.untrained, provider: run.provider, finishedAt: Date.now() });
  explainFallback(service, run);
}

/** Done: images that could not be classified are named (the first in a warning, all in the log). */
function reportDone(log: vscode.LogOutputChannel, run: ClassifyRun, outcome: RunOutcome, counts: string): void {
  const { summary, plan } = run;
  log.info(`classify: done: ${counts}${run.provider ? ` on ${run.provider}` : ''}`);
  run.panel.update([], [], run.status('done', outcome.done));
  if (summary.errors.length > 0) {
    const first = summary.errors[0];
    void vscode.window.showWarningMessage(`Backbone Lens: ${vscode.l10n.t('{0} of {1} could not be classified — {2}: {3}', summary.errors.length, run.total + plan.targets.errors.length, first.image, codedText(first.code, first.message))}`, SHOW_LOG).then((a) => a && log.show(true));
    for (const e of summary.errors) log.warn(`classify: ${e.image}: ${e.message}`);
  }
}

/** Cancelled: what finished before the cancel is kept, and says so. */
function reportCancelled(log: vscode.LogOutputChannel, run: ClassifyRun, outcome: RunOutcome, counts: string): void {
  const { summary } = run;
  summary.state = 'cancelled';
  summary.message = vscode.l10n.t('cancelled: kept {0} result(s) finished before the cancel', summary.results.length);
  log.info(`classify: cancelled (worker stopped): ${counts}`);
  run.panel.update([], [], run.status('cancelled', outcome.done, summary.results.length === 1 ? vscode.l10n.t('the result finished before the cancel is kept') : vscode.l10n.t('the {0} results finished before the cancel are kept', summary.results.length)));
}

/**
 * Failed: the error, with how to fall back when a named provider could not start, and what was
 * kept when the worker crashed. A pick that failed is not offered again silently: the next run asks.
 */
function reportFailed(service: ClassifyService, run: ClassifyRun, outcome: RunOutcome): void {
  const { summary, plan } = run;
  const { settings } = plan;
  const { choice } = plan.weights;
  summary.state = 'failed';
  if (choice.kind === 'random' || choice.from === 'picked') service.remembered.delete(settings.model);
  const err = outcome.error;
  const providerFailed = err?.code === 'provider';
  const msg = `${errorText(err)}${providerFailed && settings.ep !== 'cpu' ? ` ${vscode.l10n.t('(set {0} to "auto" to fall back to the CPU)', SettingKeys.executionProvider)}` : ''}`;
  summary.message = msg;
  const crashed = err instanceof WorkerExitedError;
  const text = crashed ? vscode.l10n.t('{0}. {1} result(s) finished before are kept; the next classification starts a new worker.', msg, summary.results.length) : msg;
  run.panel.update([], [], run.status('failed', outcome.done, text));
  showError(service.log, text, ...(providerFailed ? [OPEN_SETTINGS] : []));
}

/**
 * A fallback from `auto` is shown once per session, with why each GPU provider did not start
 * (the worker's session code reports the providers it tried and skipped with the result).
 */
function explainFallback(service: ClassifyService, run: ClassifyRun): void {
  const log = service.log;
  if (run.plan.settings.ep !== 'auto' || run.provider !== 'cpu' || service.fallbackExplained) return;
  service.fallbackExplained = true;
  const reasons = run.fallbacks;
  if (reasons.length === 0) return;
  const note = vscode.l10n.t('auto chose the CPU: {0}', reasons.map((r) => `${r.provider} — ${r.reason}`).join('; '));
  log.warn(`classify: execution provider fallback: ${note}`);
  run.panel.update([], [], run.panel.status, { ...run.panel.info, providerNote: note });
  void vscode.window.showInformationMessage(`Backbone Lens: ${vscode.l10n.t('classifying on the CPU. No GPU execution provider could start: {0}. Set {1} to "cpu" to make this the choice.', reasons.map((r) => `${r.provider}: ${r.reason}`).join('; '), SettingKeys.executionProvider)}`, SHOW_LOG).then((a) => a && log.show(true));
}
