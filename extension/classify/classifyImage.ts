// Classify Image: explorer selection → image files → model and weights → chunked runs in the
// inference worker (never in this process) with a cancellable progress notification → a
// results panel that fills as chunks finish. Errors name the file; one bad image never stops
// the batch; what finished before a cancel or a crash is kept.
//
// Each step is in its own file: chooseImages (the images), runModel (the model), runWeights (the
// weights), classifyRun (the panel and the chunks' results), runProgress (the notification and
// the worker), reportRun (how it ended). The command resolves with a ClassifyRunSummary and takes
// ClassifyOptions and RunTuning after the explorer's arguments (classifyCommand.ts).
import * as vscode from 'vscode';
import { chooseImages, findImages } from './chooseImages';
import { DEFAULT_TUNING, type ClassifyOptions, type ClassifyRunSummary, type RunTuning } from './classifyCommand';
import { ClassifyRun } from './classifyRun';
import { reportRun } from './reportRun';
import { modelForRun } from './runModel';
import { runInProgress } from './runProgress';
import { weightsForRun } from './runWeights';
import type { ClassifyService } from './service';
import { readSettings } from './settings';

export { runTuningOf, type ClassifyOptions, type ClassifyRunSummary, type RunTuning } from './classifyCommand';

/**
 * Classifies what the explorer passes (`uri`, `uris`), or what the user picks. `options` come from
 * the callers that name a model or weights; `tuning` paces the run (tests only).
 */
export async function classifyImage(service: ClassifyService, uri?: vscode.Uri, uris?: vscode.Uri[], options: ClassifyOptions = {}, tuning: RunTuning = DEFAULT_TUNING): Promise<ClassifyRunSummary> {
  const log = service.log;
  const images = await chooseImages(log, uri, uris);
  if ('stopped' in images) return images.stopped;
  const busy = refuseWhileRunning(service);
  if (busy) return busy;
  const settings = { ...readSettings(), ...(options.model ? { model: options.model } : {}) };
  const model = await modelForRun(log, settings.model, options);
  if ('stopped' in model) return model.stopped;
  const t0 = performance.now();
  const targets = await findImages(log, images.paths, settings.maxImages, t0);
  if ('stopped' in targets) return targets.stopped;
  const weights = await weightsForRun(service, model, settings, options);
  if ('stopped' in weights) return weights.stopped;
  const run = new ClassifyRun(service, { images, targets, weights, settings, t0 });
  const outcome = await runInProgress(service, run, tuning);
  await reportRun(service, run, outcome);
  return run.summary;
}

/** One classification at a time: a second is refused, with a way to cancel the first. */
function refuseWhileRunning(service: ClassifyService): ClassifyRunSummary | undefined {
  if (!service.running) return undefined;
  void vscode.window.showInformationMessage(`Backbone Lens: ${vscode.l10n.t('a classification is already running.')}`, vscode.l10n.t('Cancel It')).then((a) => a && service.running?.cancel());
  return { state: 'refused', message: 'a classification is already running', results: [], errors: [] };
}
