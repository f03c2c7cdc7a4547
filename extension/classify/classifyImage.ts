// Classify Image: explorer selection → image files → model and weights → chunked runs in the
// inference worker (never in this process) with a cancellable progress notification → a
// results panel that fills as chunks finish. Errors name the file; one bad image never stops
// the batch; what finished before a cancel or a crash is kept.
//
// Test hook (used by test/integration/suite/classify.test.ts): the command resolves with a
// ClassifyRunSummary, and takes an optional third argument, ClassifyTestOptions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClassifyResult } from '../../inference/classify';
import { describePreprocessing, networkInput } from '../../models';
import { walkImages } from '../../inference/walkImages';
import { CLASSIFY_SETTINGS_SECTION, ContextKeys, SettingKeys } from '../ids';
import type { ErrorRow, ImageRow, RunInfo, RunStatus } from '../../shared/protocol/classify';
import type { ImageCams, RunCam } from '../../shared/protocol/classifyCam';
import { camLensOf, imageCamsOf, runCamOf } from './camLens';
import { pickWeights, weightsFromSettings, type RecognisedArchitecture, type WeightsChoice } from './chooseWeights';
import type { ClassifyService } from './service';
import { recognisedModel, resolveModel, type ResolvedModel } from './resolveModel';
import { imageRootsOf } from './resultsHtml';
import { ResultsPanel } from './resultsPanel';
import { runChunks, type ChunkRequest, type RunOutcome } from './runChunks';
import { readSettings } from './settings';
import { WorkerExitedError } from '../../shared/errors';
import { THUMBNAIL_EXTENSIONS } from './thumbnails';

/** The explorer passes (uri, uris); the Backbone Lens view adds `model`; the rest is for tests and benchmarks. */
export interface ClassifyTestOptions {
  /** A preset id or variant file path to use instead of backboneLens.classify.model (the view's Classify). */
  model?: string;
  /** Fixed images per worker request (default: adaptive). */
  chunkSize?: number;
  /** Cancels (kills the worker, as the notification's Cancel does) once this many images are done. */
  cancelAfterImages?: number;
  /** Stands in for choosing "Random weights (untrained)" in the quick pick. */
  randomWeights?: boolean;
  /** The checkpoint editor's "Classify with these weights": this file, as the architecture it was recognised as, instead of the settings. */
  using?: { weights: string; architecture: RecognisedArchitecture };
}

export interface ClassifyRunSummary {
  state: 'done' | 'cancelled' | 'failed' | 'refused' | 'nothing';
  /** Why a run was refused or failed, or what a cancel kept. */
  message?: string;
  model?: string;
  weights?: string | null;
  untrained?: boolean;
  provider?: string | null;
  providerNote?: string | null;
  results: { image: string; top: { index: number; label: string; prob: number }[]; ms: number; cams?: ImageCams }[];
  errors: { image: string; message: string }[];
  /** Whether the model gave class activation maps (with the lens), once a batch has run. */
  cam?: RunCam;
}

const SHOW_LOG = vscode.l10n.t('Show Log');
const OPEN_SETTINGS = vscode.l10n.t('Open Settings');

function showError(log: vscode.LogOutputChannel, message: string, ...extra: string[]): void {
  log.error(`classify: ${message}`);
  void vscode.window.showErrorMessage(`Backbone Lens: ${message}`, SHOW_LOG, ...extra).then((a) => {
    if (a === SHOW_LOG) log.show(true);
    else if (a === OPEN_SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', CLASSIFY_SETTINGS_SECTION);
  });
}

function inWorkspace(p: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && (p === f.uri.fsPath || p.startsWith(f.uri.fsPath + path.sep)));
}

function refuseRestricted(log: vscode.LogOutputChannel, what: string): ClassifyRunSummary {
  const message = vscode.l10n.t('{0} is disabled in Restricted Mode: classifying runs a model on workspace files, and this workspace is not trusted. Trust it (Manage Workspace Trust) to classify its images and use its weights.', what);
  const manageTrust = vscode.l10n.t('Manage Workspace Trust');
  log.warn(`classify: refused: ${message}`);
  void vscode.window.showWarningMessage(`Backbone Lens: ${message}`, manageTrust).then((a) => {
    if (a) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return { state: 'refused', message, results: [], errors: [] };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function classifyImage(service: ClassifyService, uri?: vscode.Uri, uris?: vscode.Uri[], options: ClassifyTestOptions = {}): Promise<ClassifyRunSummary> {
  const log = service.log;
  let selected = (uris && uris.length > 0 ? uris : uri ? [uri] : []).filter((u) => u instanceof vscode.Uri || (typeof u === 'object' && u !== null));
  // From the palette, the walkthrough or the view: ask for the images (the explorer's menu passes them).
  if (selected.length === 0) selected = (await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: 'Classify', title: 'Classify Image: images or folders', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri })) ?? [];
  if (selected.length === 0) return { state: 'nothing', message: 'nothing selected', results: [], errors: [] };
  const nonFile = selected.find((u) => u.scheme !== 'file');
  if (nonFile) {
    showError(log, vscode.l10n.t('{0}: only files on this machine can be classified (not {1}: resources)', nonFile.toString(), nonFile.scheme));
    return { state: 'refused', message: 'not a local file', results: [], errors: [] };
  }
  const paths = selected.map((u) => u.fsPath);
  if (!vscode.workspace.isTrusted && paths.some(inWorkspace)) return refuseRestricted(log, vscode.l10n.t('Classifying workspace images'));
  if (service.running) {
    void vscode.window.showInformationMessage(`Backbone Lens: ${vscode.l10n.t('a classification is already running.')}`, vscode.l10n.t('Cancel It')).then((a) => a && service.running?.cancel());
    return { state: 'refused', message: 'a classification is already running', results: [], errors: [] };
  }

  const settings = { ...readSettings(), ...(options.model ? { model: options.model } : {}) };
  let model: ResolvedModel;
  try {
    model = options.using ? recognisedModel(settings.model, options.using.architecture, options.using.weights) : await resolveModel(settings.model);
  } catch (e) {
    showError(log, options.model ? errorMessage(e) : `${SettingKeys.model}: ${errorMessage(e)}`, ...(options.model ? [] : [OPEN_SETTINGS]));
    return { state: 'failed', message: errorMessage(e), results: [], errors: [] };
  }

  const t0 = performance.now();
  const targets = await walkImages(paths, {
    maxFiles: settings.maxImages,
    limitName: SettingKeys.maxImages,
    limitNote: vscode.l10n.t('stopped after {0} images ({1}); the rest were not classified', settings.maxImages, SettingKeys.maxImages),
  });
  log.info(`classify: ${targets.files.length} image(s) from ${paths.length} selected item(s) in ${(performance.now() - t0).toFixed(0)} ms${targets.truncated ? ` (stopped at ${SettingKeys.maxImages} = ${settings.maxImages})` : ''}`);
  if (targets.files.length === 0) {
    const why = targets.errors.length > 0 ? `: ${targets.errors[0].image}: ${targets.errors[0].message}` : '';
    void vscode.window.showWarningMessage(`Backbone Lens: ${vscode.l10n.t('no image to classify in the selection{0}', why)}`);
    return { state: 'nothing', message: `no images${why}`, results: [], errors: targets.errors };
  }

  // Weights: the settings, what was picked earlier this session, or ask.
  let choice: WeightsChoice | undefined;
  const fromSettings = weightsFromSettings(model, settings.weights);
  if (options.randomWeights) choice = { kind: 'random' };
  else if (options.using) choice = { kind: 'file', file: options.using.weights, from: 'picked', architecture: options.using.architecture };
  else if (fromSettings) choice = { kind: 'file', file: fromSettings, from: 'settings' };
  else choice = service.remembered.get(settings.model) ?? (await pickWeights(model, log));
  if (!choice) return { state: 'nothing', message: 'no weights chosen', results: [], errors: [] };
  if (choice.kind === 'file' && !vscode.workspace.isTrusted && inWorkspace(choice.file)) return refuseRestricted(log, vscode.l10n.t('Loading weights from the workspace ({0})', choice.file));
  if (!options.using && (choice.kind === 'random' || choice.from === 'picked')) service.remembered.set(settings.model, choice);
  // A checkpoint recognised as another architecture, which the user chose to classify with.
  if (choice.kind === 'file' && choice.architecture) model = recognisedModel(settings.model, choice.architecture, choice.file);

  // Random weights are written by the worker (bounded there, cached by architecture): the host only asks.
  const weightsFile = choice.kind === 'file' ? choice.file : undefined;
  const isOnnx = weightsFile !== undefined && /\.onnx$/i.test(weightsFile);
  const source = weightsFile === undefined ? { randomWeights: true } : isOnnx ? { onnx: weightsFile } : { weights: weightsFile };
  const request: ChunkRequest = { model: model.ref, ...source, ep: settings.ep, precision: settings.precision, top: settings.topK, camTop: true };
  const untrained = choice.kind === 'random';
  log.info(`classify: model ${model.spec.id} (${settings.model}), ${untrained ? 'random weights (untrained, written by the worker)' : `weights ${weightsFile}`}, provider setting ${settings.ep}, top ${settings.topK}`);

  const info: RunInfo = { model: model.spec.id, inspectable: !isOnnx, weights: weightsFile ?? null, untrained, provider: null, providerNote: null, transform: null, topK: settings.topK };
  const status = (state: RunStatus['state'], done: number, message?: string): RunStatus => ({ state, done, total: targets.files.length, elapsedMs: performance.now() - t0, ...(message ? { message } : {}) });
  const roots = imageRootsOf(paths, (p) => targets.folders.includes(p));
  const label = selected.length === 1 ? path.basename(paths[0]) : vscode.l10n.t('{0} items', selected.length);
  const panel = ResultsPanel.create(service.context, log, vscode.l10n.t('Classify: {0}', label), info, status('running', 0), roots, isOnnx ? undefined : model.inspectArg);
  const nameOf = (f: string): string => vscode.workspace.asRelativePath(f, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  const toErrorRows = (errs: readonly { image: string; message: string }[]): ErrorRow[] => errs.map((e) => ({ image: e.image, name: nameOf(e.image), message: e.message }));
  panel.update([], toErrorRows(targets.errors), status('running', 0));

  const summary: ClassifyRunSummary = { state: 'done', model: model.spec.id, weights: info.weights, untrained, provider: null, providerNote: null, results: [], errors: [...targets.errors] };
  let seq = 0;
  let preparedMs = 0;
  let provider: string | null = null;
  let transform: string | null = null;
  let fallbacks: ClassifyResult['fallbacks'] = [];
  const cts = new vscode.CancellationTokenSource();
  service.running = cts;
  void vscode.commands.executeCommand('setContext', ContextKeys.classifying, true);
  let outcome: RunOutcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: untrained ? vscode.l10n.t('Classifying with {0} (untrained)', model.spec.id) : vscode.l10n.t('Classifying with {0}', model.spec.id), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => cts.cancel());
        let reported = 0;
        const total = targets.files.length;
        progress.report({ message: vscode.l10n.t('0 / {0} images — starting the worker', total) });
        return runChunks(service.client(), targets.files, request, cts.token, {
          chunkSize: options.chunkSize,
          onProgress: (done) => {
            progress.report({ message: provider ? vscode.l10n.t('{0} / {1} images on {2}', done, total, provider) : vscode.l10n.t('{0} / {1} images', done, total), increment: ((done - reported) / total) * 100 });
            reported = done;
          },
          onChunk: ({ result, msPerImage, prepareMs }) => {
            preparedMs += prepareMs;
            if (provider === null) {
              provider = result.provider;
              // A user's .onnx may not be the configured architecture: no lens for it.
              panel.info = { ...panel.info, cam: runCamOf(result, () => (isOnnx ? undefined : camLensOf(model.spec, networkInput(model.spec, result.preprocessing)))) };
              fallbacks = result.fallbacks ?? [];
              transform = describePreprocessing(result.preprocessing);
              log.info(`classify: execution provider ${provider} (setting ${settings.ep}); transform ${transform}`);
            }
            const rows = rowsOf(result, msPerImage);
            summary.results.push(...rows.map((r) => ({ image: r.image, top: r.top, ms: r.ms, ...(r.cams ? { cams: r.cams } : {}) })));
            summary.cam = panel.info.cam;
            summary.errors.push(...result.errors);
            panel.update(rows, toErrorRows(result.errors), status('running', summary.results.length + summary.errors.length - targets.errors.length), { ...panel.info, provider, transform, prepareMs: preparedMs });
            if (options.cancelAfterImages !== undefined && summary.results.length >= options.cancelAfterImages) cts.cancel();
          },
        });
      },
    );
  } finally {
    service.running = undefined;
    cts.dispose();
    void vscode.commands.executeCommand('setContext', ContextKeys.classifying, false);
  }
  function camsOf(r: ClassifyResult['results'][number]): { cams?: ImageCams } {
    const cams = imageCamsOf(r);
    return cams ? { cams } : {};
  }
  function rowsOf(result: ClassifyResult, ms: number): ImageRow[] {
    return result.results.map((r) => ({ seq: seq++, image: r.image, name: nameOf(r.image), thumb: THUMBNAIL_EXTENSIONS.test(r.image) ? panel.thumbUri(r.image) : null, top: r.top, ms, ...camsOf(r) }));
  }

  const elapsed = (performance.now() - t0) / 1000;
  const counts = `${summary.results.length} of ${targets.files.length} image(s) classified, ${summary.errors.length} error(s), ${elapsed.toFixed(1)} s`;
  summary.provider = provider;
  if (outcome.state === 'done') {
    log.info(`classify: done: ${counts}${provider ? ` on ${provider}` : ''}`);
    panel.update([], [], status('done', outcome.done));
    if (summary.errors.length > 0) {
      const first = summary.errors[0];
      void vscode.window.showWarningMessage(`Backbone Lens: ${vscode.l10n.t('{0} of {1} could not be classified — {2}: {3}', summary.errors.length, targets.files.length + targets.errors.length, first.image, first.message)}`, SHOW_LOG).then((a) => a && log.show(true));
      for (const e of summary.errors) log.warn(`classify: ${e.image}: ${e.message}`);
    }
  } else if (outcome.state === 'cancelled') {
    summary.state = 'cancelled';
    summary.message = vscode.l10n.t('cancelled: kept {0} result(s) finished before the cancel', summary.results.length);
    log.info(`classify: cancelled (worker stopped): ${counts}`);
    panel.update([], [], status('cancelled', outcome.done, summary.results.length === 1 ? vscode.l10n.t('the result finished before the cancel is kept') : vscode.l10n.t('the {0} results finished before the cancel are kept', summary.results.length)));
  } else {
    summary.state = 'failed';
    // A pick that failed is not offered again silently: the next run asks.
    if (choice.kind === 'random' || choice.from === 'picked') service.remembered.delete(settings.model);
    const err = outcome.error;
    // A named provider that cannot start: say how to fall back, in settings.
    const providerFailed = err?.code === 'provider';
    const msg = `${errorMessage(err)}${providerFailed && settings.ep !== 'cpu' ? ` ${vscode.l10n.t('(set {0} to "auto" to fall back to the CPU)', SettingKeys.executionProvider)}` : ''}`;
    summary.message = msg;
    const crashed = err instanceof WorkerExitedError;
    const text = crashed ? vscode.l10n.t('{0}. {1} result(s) finished before are kept; the next classification starts a new worker.', msg, summary.results.length) : msg;
    panel.update([], [], status('failed', outcome.done, text));
    showError(log, text, ...(providerFailed ? [OPEN_SETTINGS] : []));
  }

  await service.recentRuns.record({ label, model: settings.model, paths, classified: summary.results.length, errors: summary.errors.length, state: outcome.state, untrained, provider, finishedAt: Date.now() });

  // A fallback from `auto` is shown once per session, with why each GPU provider did not start
  // (the worker's session code reports the providers it tried and skipped with the result).
  if (settings.ep === 'auto' && provider === 'cpu' && !service.fallbackExplained) {
    service.fallbackExplained = true;
    const reasons = fallbacks;
    if (reasons.length > 0) {
      const note = vscode.l10n.t('auto chose the CPU: {0}', reasons.map((r) => `${r.provider} — ${r.reason}`).join('; '));
      log.warn(`classify: execution provider fallback: ${note}`);
      panel.update([], [], panel.status, { ...panel.info, providerNote: note });
      void vscode.window.showInformationMessage(`Backbone Lens: ${vscode.l10n.t('classifying on the CPU. No GPU execution provider could start: {0}. Set {1} to "cpu" to make this the choice.', reasons.map((r) => `${r.provider}: ${r.reason}`).join('; '), SettingKeys.executionProvider)}`, SHOW_LOG).then((a) => a && log.show(true));
    }
  }
  return summary;
}
