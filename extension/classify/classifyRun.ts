// One classification once everything is chosen: the worker's request, the results panel (opened
// before the first chunk, so the user sees the run start), and what the chunks bring as they
// come in, kept both in the panel and in the summary the command resolves with.
import * as vscode from 'vscode';
import type { ClassifyResult } from '../../inference/classify';
import type { WalkResult } from '../../inference/walkImages';
import { describePreprocessing, networkInput } from '../../models';
import type { ErrorRow, ImageRow, RunInfo, RunStatus } from '../../shared/protocol/classify';
import type { ImageCams } from '../../shared/protocol/classifyCam';
import { camLensOf, imageCamsOf, runCamOf } from './camLens';
import { withDisplayLabels, withoutDisplayLabels } from './displayLabels';
import { imagesLabel, type ChosenImages } from './chooseImages';
import type { ClassifyRunSummary } from './classifyCommand';
import { imageRootsOf } from './resultsHtml';
import { ResultsPanel } from './resultsPanel';
import type { ChunkDone, ChunkRequest } from './runChunks';
import type { RunWeights } from './runWeights';
import type { ClassifyService } from './service';
import type { ClassifySettings } from './settings';
import { THUMBNAIL_EXTENSIONS } from './thumbnails';
import type { ErrorCode } from '../../shared/errors';
import { codedText } from '../errorText';

/** What was decided before a run starts. `t0` is when it started (the walk included). */
export interface RunPlan {
  readonly images: ChosenImages;
  readonly targets: WalkResult;
  readonly weights: RunWeights;
  readonly settings: ClassifySettings;
  readonly t0: number;
}

/** What the worker is asked for every chunk: the model, its weights (random weights are written by the worker, bounded there and cached by architecture: the host only asks), and the settings. */
function chunkRequest({ weights: { model, choice }, settings }: RunPlan): { request: ChunkRequest; weightsFile: string | undefined; isOnnx: boolean } {
  const weightsFile = choice.kind === 'file' ? choice.file : undefined;
  const isOnnx = weightsFile !== undefined && /\.onnx$/i.test(weightsFile);
  const source = weightsFile === undefined ? { randomWeights: true } : isOnnx ? { onnx: weightsFile } : { weights: weightsFile };
  return { request: { model: model.ref, ...source, ep: settings.ep, precision: settings.precision, top: settings.topK, camTop: true }, weightsFile, isOnnx };
}

/**
 * A run from the moment its panel opens: what the worker is asked, and the results so far, in the
 * panel and in the summary. Built once the images, model and weights are chosen; fed by
 * runInProgress, then read by reportRun.
 */
export class ClassifyRun {
  readonly request: ChunkRequest;
  readonly untrained: boolean;
  readonly label: string;
  readonly panel: ResultsPanel;
  readonly summary: ClassifyRunSummary;
  /** What the first chunk reported: the execution provider that ran, the preprocessing, the providers `auto` skipped. */
  provider: string | null = null;
  private transform: string | null = null;
  fallbacks: ClassifyResult['fallbacks'] = [];
  private preparedMs = 0;
  private seq = 0;
  private readonly isOnnx: boolean;
  private readonly log: vscode.LogOutputChannel;

  /** Logs what the run uses and opens its results panel, with the walk's errors. */
  constructor(
    service: ClassifyService,
    readonly plan: RunPlan,
  ) {
    const { model } = plan.weights;
    const { settings } = plan;
    this.log = service.log;
    const { request, weightsFile, isOnnx } = chunkRequest(plan);
    this.request = request;
    this.isOnnx = isOnnx;
    this.untrained = plan.weights.choice.kind === 'random';
    service.log.info(`classify: model ${model.spec.id} (${settings.model}), ${this.untrained ? 'random weights (untrained, written by the worker)' : `weights ${weightsFile}`}, provider setting ${settings.ep}, top ${settings.topK}`);

    const info: RunInfo = { model: model.spec.id, inspectable: !isOnnx, weights: weightsFile ?? null, untrained: this.untrained, provider: null, providerNote: null, transform: null, topK: settings.topK };
    const roots = imageRootsOf(plan.images.paths, (p) => plan.targets.folders.includes(p));
    this.label = imagesLabel(plan.images);
    this.panel = ResultsPanel.create(service.context, service.log, vscode.l10n.t('Classify: {0}', this.label), info, this.status('running', 0), roots, isOnnx ? undefined : model.inspectArg);
    this.panel.update([], this.errorRows(plan.targets.errors), this.status('running', 0));
    this.summary = { state: 'done', model: model.spec.id, weights: info.weights, untrained: this.untrained, provider: null, providerNote: null, results: [], errors: [...plan.targets.errors] };
  }

  /** The images the run classifies. */
  get total(): number {
    return this.plan.targets.files.length;
  }

  /** The panel's status line: `done` of the run's images, and the time since it started. */
  status(state: RunStatus['state'], done: number, message?: string): RunStatus {
    return { state, done, total: this.total, elapsedMs: performance.now() - this.plan.t0, ...(message ? { message } : {}) };
  }

  /** A finished chunk: the first one also says what ran (provider, preprocessing, class activation maps); every one adds its rows and errors to the panel and the summary. */
  addChunk({ result, msPerImage, prepareMs }: ChunkDone): void {
    const { model } = this.plan.weights;
    this.preparedMs += prepareMs;
    if (this.provider === null) {
      this.provider = result.provider;
      // A user's .onnx may not be the configured architecture: no lens for it.
      this.panel.info = { ...this.panel.info, cam: runCamOf(result, () => (this.isOnnx ? undefined : camLensOf(model.spec, networkInput(model.spec, result.preprocessing)))) };
      this.fallbacks = result.fallbacks ?? [];
      this.transform = describePreprocessing(result.preprocessing);
      this.log.info(`classify: execution provider ${this.provider} (setting ${this.plan.settings.ep}); transform ${this.transform}`);
    }
    const rows = this.rowsOf(result, msPerImage);
    const summary = this.summary;
    summary.results.push(...rows.map((r) => ({ image: r.image, top: withoutDisplayLabels(r.top), ms: r.ms, ...(r.cams ? { cams: r.cams } : {}) })));
    summary.cam = this.panel.info.cam;
    summary.errors.push(...result.errors);
    this.panel.update(rows, this.errorRows(result.errors), this.status('running', summary.results.length + summary.errors.length - this.plan.targets.errors.length), { ...this.panel.info, provider: this.provider, transform: this.transform, prepareMs: this.preparedMs });
  }

  private rowsOf(result: ClassifyResult, ms: number): ImageRow[] {
    return result.results.map((r) => ({ seq: this.seq++, image: r.image, name: nameOf(r.image), thumb: THUMBNAIL_EXTENSIONS.test(r.image) ? this.panel.thumbUri(r.image) : null, top: withDisplayLabels(r.top, vscode.env.language), ms, ...camsOf(r) }));
  }

  private errorRows(errs: readonly { image: string; code?: ErrorCode; message: string }[]): ErrorRow[] {
    return errs.map((e) => ({ image: e.image, name: nameOf(e.image), message: codedText(e.code, e.message) }));
  }
}

/** An image's name in the panel: relative to its workspace folder (named when there are several). */
function nameOf(f: string): string {
  return vscode.workspace.asRelativePath(f, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

function camsOf(r: ClassifyResult['results'][number]): { cams?: ImageCams } {
  const cams = imageCamsOf(r);
  return cams ? { cams } : {};
}
