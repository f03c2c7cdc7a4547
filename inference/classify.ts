// Classifying image files: decode (sharp) → preprocess (Pillow-exact) → batched onnxruntime
// runs → softmax top-k. A file that cannot be read goes to `errors`; the others are still
// classified. `Classifier` keeps a session open across calls (the worker's use);
// `classifyFiles` is the one-shot form the CLI calls in-process.
import type { InferenceSession } from 'onnxruntime-node';
import { architectureKey, preprocessingFor, type ModelSpec, type Preprocessing } from '../models';
import { camMap, camSupportOf, CamError, type CamMap, type CamSource, type CamSupport } from './cam';
import { DEFAULT_MAX_PIXELS } from './decodeImage';
import { int8Model } from './int8Model';
import { PreparePool, type PreparedInput } from './preparePool';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { labelsFor, modelFromOnnxFile, modelName, modelFromWeights, ModelSourceError, defaultCacheDir, type Precision, type PreparedModel } from './modelSource';
import { cropGeometry, preprocessInto, type RgbImage } from './preprocess';
import { loadOrt, ModelLoadError, openSession, runSession, type EpChoice, type Provider } from './session';
import { walkImages, type ImageError, type WalkLimits } from './walkImages';
import { asCoded, type CodedError } from '../shared/errors';

export interface ClassifyOptions {
  /** The architecture (required with `weights`; gives preprocessing and labels with `onnx`). */
  readonly spec?: ModelSpec;
  readonly weights?: string;
  readonly onnx?: string;
  readonly ep?: EpChoice;
  /** Classes per image in `top` (default 5). */
  readonly top?: number;
  /** Images per onnxruntime run (default 8). */
  readonly batch?: number;
  /** Include every image's raw logits. */
  readonly logits?: boolean;
  /** Where exported models are cached; null disables the cache. */
  readonly cacheDir?: string | null;
  readonly maxPixels?: number;
  /** How classifyFiles walks the folders it is given. */
  readonly walk?: WalkLimits;
  /** Add each image's class activation map (`cam`): of `camClass`, else of its top-1 class. */
  readonly cam?: boolean;
  readonly camClass?: number;
  /** Add the class activation map of every class in `top` (`cams`, in the order of `top`). */
  readonly camTop?: boolean;
  /** fp32 (default) or int8 (quantized from the fp32 export, int8Model.ts). */
  readonly precision?: Precision;
  /** With int8: also run the fp32 model on the same inputs and report how the two agree. */
  readonly compareFp32?: boolean;
}

/** Where the network's crop (`input`, [H, W]) lay in the image (`image`, [W, H]): resized to `resized` ([W, H]), cropped at (left, top). */
export interface ImageGeometry {
  readonly image: [number, number];
  readonly resized: [number, number];
  readonly left: number;
  readonly top: number;
  readonly input: [number, number];
}

export interface TopClass {
  readonly index: number;
  readonly label: string;
  readonly prob: number;
}
export interface ImageResult {
  readonly image: string;
  readonly top: TopClass[];
  readonly logits?: number[];
  readonly cam?: CamMap;
  readonly cams?: CamMap[];
  /** With cam or camTop: how the map's grid lies on the image. */
  readonly geometry?: ImageGeometry;
}
/** A provider `auto` tried before the one that ran, and why it could not start. */
export interface ProviderFallback {
  readonly provider: Provider;
  readonly reason: string;
}
export interface ClassifyResult {
  readonly model: string;
  readonly provider: Provider;
  /** The eval transform every image went through (its `source` says whose: a timm tag, torchvision weights). */
  readonly preprocessing: Preprocessing;
  readonly results: ImageResult[];
  readonly errors: ImageError[];
  /** The providers tried and skipped before `provider`, in order (empty when the first one started). */
  readonly fallbacks: ProviderFallback[];
  /** With cam or camTop, on a model that cannot give one: why (the maps are then absent). */
  readonly camUnavailable?: string;
  readonly precision: Precision;
  readonly timing: ClassifyTiming;
  /** With `compareFp32`: the int8 model against the fp32 one on the same inputs. */
  readonly compare_fp32?: Fp32Comparison;
}

/**
 * Where the time went, in milliseconds of wall time: preparing the model (export or cache lookup,
 * quantization) and opening its session happen once per model — 0 when this request reused an
 * open session — apart from inference (decode, preprocess and runs of the images).
 */
export interface ClassifyTiming {
  readonly prepare_ms: number;
  readonly session_ms: number;
  readonly inference_ms: number;
  /** inference_ms / classified images (0 when none). */
  readonly per_image_ms: number;
}

export interface Fp32Comparison {
  readonly images: number;
  /** Fraction of images whose top-1 class is the same in both. */
  readonly top1_agreement: number;
  /** Largest |int8 logit − fp32 logit| over all images and classes. */
  readonly max_logit_diff: number;
}

export type ProgressFn = (done: number, total: number) => void;

/** Resolves the model source of `opts` (export from weights, cached, or a user's .onnx). */
export function prepareModel(opts: ClassifyOptions): PreparedModel {
  if (opts.weights && opts.onnx) throw new ModelSourceError('give either weights or an .onnx file, not both');
  if (opts.onnx) return modelFromOnnxFile(opts.onnx, opts.spec);
  if (!opts.weights) throw new ModelSourceError('a model needs weights (a .safetensors or .pth file) or an .onnx file');
  if (!opts.spec) throw new ModelSourceError('weights need a model (a preset id or a variant file) to load onto');
  return modelFromWeights(opts.spec, opts.weights, opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir);
}

/**
 * prepareModel remembered by the model file's (path, size, mtime), the architecture and the
 * export cache folder, so that repeated requests on the same weights (the worker serves one per
 * chunk) do not read and hash the file again. A changed file (size or mtime) or a cached export
 * that was deleted is prepared anew; failures are not remembered.
 */
export class ModelPreparer {
  private readonly memo = new Map<string, PreparedModel>();
  /** How many times a model was actually prepared (its file read), not found in the memo. */
  prepared = 0;

  constructor(
    private readonly prepare: (opts: ClassifyOptions) => PreparedModel = prepareModel,
    private readonly capacity = 2,
  ) {}

  get(opts: ClassifyOptions): PreparedModel {
    const key = memoKey(opts);
    const hit = key === undefined ? undefined : this.memo.get(key);
    if (key !== undefined && hit && (hit.origin !== 'cache' || (hit.cachePath !== undefined && existsSync(hit.cachePath)))) {
      this.memo.delete(key); // most recently used last
      this.memo.set(key, hit);
      return hit;
    }
    this.prepared++;
    const model = this.prepare(opts);
    if (key !== undefined) {
      this.memo.delete(key);
      while (this.memo.size >= this.capacity) this.memo.delete(this.memo.keys().next().value as string);
      this.memo.set(key, model);
    }
    return model;
  }

  clear(): void {
    this.memo.clear();
  }
}

/** The memo key of a request's model, or undefined when its file cannot be stat'ed (then prepareModel says why). */
function memoKey(opts: ClassifyOptions): string | undefined {
  if (opts.weights !== undefined && opts.onnx !== undefined) return undefined;
  const file = opts.onnx ?? opts.weights;
  if (file === undefined) return undefined;
  let size: number;
  let mtimeMs: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return undefined;
    size = st.size;
    mtimeMs = st.mtimeMs;
  } catch {
    return undefined;
  }
  const spec = opts.spec;
  const architecture = spec ? [spec.id, architectureKey(spec), spec.inputSize, preprocessingFor(spec, opts.onnx === undefined ? opts.weights : undefined)] : null;
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  return JSON.stringify([opts.onnx !== undefined ? 'onnx' : 'weights', resolve(file), size, mtimeMs, architecture, opts.onnx !== undefined ? null : cacheDir]);
}

export class Classifier {
  private constructor(
    readonly model: PreparedModel,
    readonly session: InferenceSession,
    readonly provider: Provider,
    private readonly inputName: string,
    private readonly outputName: string,
    /** [H, W] fed to the network. */
    readonly inputSize: readonly [number, number],
    /** 1 when the model's batch dimension is fixed at 1. */
    private readonly maxBatch: number,
    /** Providers tried before `provider`, with why each could not start. */
    readonly fallbacks: readonly ProviderFallback[],
    /** Decodes and preprocesses images beside onnxruntime's runs. */
    private readonly pool: PreparePool,
    /** Setup time not yet reported: the first classify after open reports it (ClassifyTiming). */
    private setup: { prepareMs: number; sessionMs: number },
  ) {}

  /** Opens a session for `model`; `prepareMs` is how long preparing the model took (reported once). */
  static async open(model: PreparedModel, ep: EpChoice = 'auto', prepareMs = 0): Promise<Classifier> {
    const started = performance.now();
    let opened;
    try {
      opened = await openSession(model.onnx, { ep });
    } catch (e) {
      if (e instanceof ModelLoadError) throw new ModelSourceError(`${model.origin === 'onnx-file' ? (model.onnx as string) : model.id}: ${e.message}`);
      throw e;
    }
    const { session, provider, skipped } = opened;
    const where = modelName(model);
    const [input] = session.inputMetadata;
    // Our exports add a second output (the feature map, for CAMs) after the logits.
    const output = session.outputMetadata.find((m) => m.name === 'logits') ?? session.outputMetadata[0];
    const describe = (m: InferenceSession.ValueMetadata): string => (m.isTensor ? `${m.type} [${m.shape.join(', ')}]` : 'non-tensor');
    const isClassifier =
      session.inputMetadata.length === 1 &&
      output !== undefined &&
      (session.outputMetadata.length === 1 || output.name === 'logits') &&
      input.isTensor &&
      input.type === 'float32' &&
      input.shape.length === 4 &&
      (typeof input.shape[1] !== 'number' || input.shape[1] === 3) &&
      output.isTensor &&
      output.type === 'float32' &&
      output.shape.length === 2;
    if (!isClassifier) {
      await session.release();
      throw new ModelSourceError(
        `${where}: not an image classifier: expected one float32 NCHW input [N, 3, H, W] and one 2-D output [N, classes]; ` +
          `it has inputs ${session.inputMetadata.map(describe).join('; ') || 'none'} and outputs ${session.outputMetadata.map(describe).join('; ') || 'none'}`,
      );
    }
    const shape = (input as InferenceSession.TensorValueMetadata).shape;
    const fixedH = typeof shape[2] === 'number' && shape[2] > 0 ? shape[2] : undefined;
    const fixedW = typeof shape[3] === 'number' && shape[3] > 0 ? shape[3] : undefined;
    const inputSize: [number, number] = [fixedH ?? model.inputSize[0], fixedW ?? model.inputSize[1]];
    const maxBatch = typeof shape[0] === 'number' && shape[0] > 0 ? shape[0] : Infinity;
    if (maxBatch !== Infinity && maxBatch !== 1) {
      await session.release();
      throw new ModelSourceError(`${where}: a fixed batch size of ${maxBatch} is not supported (use a dynamic batch dimension or 1)`);
    }
    const fallbacks = skipped.map((s) => ({ provider: s.provider, reason: s.reason }));
    return new Classifier(model, session, provider, input.name, output.name, inputSize, maxBatch, fallbacks, new PreparePool(), { prepareMs, sessionMs: performance.now() - started });
  }

  /** Classifies image files (walkImages expands folders first); `onProgress` after each batch. */
  async classify(files: readonly string[], opts: ClassifyOptions = {}, onProgress?: ProgressFn, reference?: Classifier): Promise<ClassifyResult> {
    const started = performance.now();
    const errors: ImageError[] = [];
    const results: ImageResult[] = [];
    const batch = Math.max(1, Math.min(opts.batch ?? 8, this.maxBatch));
    const top = Math.max(1, opts.top ?? 5);
    const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
    const support = opts.cam || opts.camTop ? this.camSupport() : undefined;
    const camSource = support?.ok ? support : undefined;
    const comparison = { images: 0, agreeing: 0, maxDiff: 0 };
    type Prepared = { file: string; input?: PreparedInput; error?: CodedError };
    const prepareChunk = (chunk: readonly string[]): Promise<Prepared[]> =>
      Promise.all(
        chunk.map((f) =>
          this.pool.prepare(f, this.model.preprocessing, this.inputSize, maxPixels).then(
            (input): Prepared => ({ file: f, input }),
            (e: unknown): Prepared => ({ file: f, error: asCoded(e) }),
          ),
        ),
      );
    const chunks: string[][] = [];
    for (let i = 0; i < files.length; i += batch) chunks.push(files.slice(i, i + batch));
    // The preparation threads decode and preprocess the next batch while this one runs; at most
    // two batches of inputs exist at once.
    let pending = chunks.length > 0 ? prepareChunk(chunks[0]) : undefined;
    let done = 0;
    for (let c = 0; c < chunks.length; c++) {
      const prepared = await (pending as Promise<Prepared[]>);
      pending = c + 1 < chunks.length ? prepareChunk(chunks[c + 1]) : undefined;
      const ok = prepared.filter((d) => d.input !== undefined);
      for (const d of prepared) {
        if (d.error !== undefined) errors.push({ image: d.file, code: d.error.code, message: stripFile(d.error.message, d.file) });
      }
      if (ok.length > 0) {
        const inputs = ok.map((d) => (d.input as PreparedInput).data);
        const { logits, features } = camSource ? await this.runWithFeatures(inputs, camSource.source.featuresOutput) : { logits: await this.runInputs(inputs), features: undefined };
        const classes = logits.length / ok.length;
        if (reference) compareLogits(logits, await reference.runInputs(inputs), classes, comparison);
        const labels = labelsFor(classes);
        ok.forEach((d, i) => {
          const row = logits.subarray(i * classes, (i + 1) * classes);
          const best = topK(row, top, labels);
          const maps = camSource && features ? this.camsOf(features, i, camSource.source, best, opts) : {};
          results.push({ image: d.file, top: best, ...(opts.logits ? { logits: Array.from(row) } : {}), ...maps, ...(camSource ? { geometry: this.geometryOf(d.input as PreparedInput) } : {}) });
        });
      }
      done += chunks[c].length;
      onProgress?.(done, files.length);
    }
    const inferenceMs = performance.now() - started;
    const timing: ClassifyTiming = {
      prepare_ms: this.setup.prepareMs,
      session_ms: this.setup.sessionMs,
      inference_ms: inferenceMs,
      per_image_ms: results.length > 0 ? inferenceMs / results.length : 0,
    };
    this.setup = { prepareMs: 0, sessionMs: 0 };
    return {
      model: this.model.id,
      provider: this.provider,
      preprocessing: { ...this.model.preprocessing, inputSize: this.inputSize[0] },
      results,
      errors,
      fallbacks: this.fallbacks.map((f) => ({ ...f })),
      ...(support && !support.ok ? { camUnavailable: support.reason } : {}),
      precision: this.model.precision ?? 'fp32',
      timing,
      ...(reference ? { compare_fp32: { images: comparison.images, top1_agreement: comparison.images > 0 ? comparison.agreeing / comparison.images : 0, max_logit_diff: comparison.maxDiff } } : {}),
    };
  }

  /** Prepared inputs (each 3 × H × W, CHW) as one NCHW batch tensor. */
  private batchOf(inputs: readonly Float32Array[]): import('onnxruntime-node').Tensor {
    const [h, w] = this.inputSize;
    const plane = 3 * h * w;
    const x = inputs.length === 1 ? inputs[0] : new Float32Array(inputs.length * plane);
    if (inputs.length > 1) inputs.forEach((input, i) => x.set(input, i * plane));
    return new (loadOrt().Tensor)('float32', x, [inputs.length, 3, h, w]);
  }

  /** Runs prepared inputs as one batch; logits row-major [N, classes]. */
  async runInputs(inputs: readonly Float32Array[]): Promise<Float32Array> {
    return this.runTensor(this.batchOf(inputs));
  }

  /** Preprocesses images into one NCHW batch and returns the logits, row-major [N, classes]. */
  async run(images: readonly RgbImage[]): Promise<Float32Array> {
    const ort = loadOrt();
    const [h, w] = this.inputSize;
    const x = new Float32Array(images.length * 3 * h * w);
    images.forEach((img, i) => preprocessInto(img, this.model.preprocessing, this.inputSize, x, i * 3 * h * w));
    return this.runTensor(new ort.Tensor('float32', x, [images.length, 3, h, w]));
  }

  /** Runs a ready NCHW tensor (what the bench compares against); fetches the logits only. */
  async runTensor(x: import('onnxruntime-node').Tensor): Promise<Float32Array> {
    const out = await runSession(this.session, { [this.inputName]: x }, [this.outputName], modelName(this.model), x.dims[0]);
    return out[this.outputName].data as Float32Array;
  }

  /** One run of prepared inputs giving the logits and the feature map (N × C × h × w) for CAMs. */
  private async runWithFeatures(inputs: readonly Float32Array[], featuresOutput: string): Promise<{ logits: Float32Array; features: { data: Float32Array; dims: readonly number[] } }> {
    const out = await runSession(this.session, { [this.inputName]: this.batchOf(inputs) }, [this.outputName, featuresOutput], modelName(this.model), inputs.length);
    const f = out[featuresOutput];
    return { logits: out[this.outputName].data as Float32Array, features: { data: f.data as Float32Array, dims: f.dims } };
  }

  private camSupportMemo: CamSupport | undefined;

  /** Whether this model gives CAMs (read once from the ONNX model: its metadata and classifier weight). */
  camSupport(): CamSupport {
    if (!this.camSupportMemo) {
      const s = camSupportOf(this.model.onnx);
      this.camSupportMemo = s.ok && !this.session.outputNames.includes(s.source.featuresOutput) ? { ok: false, reason: `the session has no "${s.source.featuresOutput}" output` } : s;
    }
    return this.camSupportMemo;
  }

  private camsOf(features: { data: Float32Array; dims: readonly number[] }, i: number, source: CamSource, best: readonly TopClass[], opts: ClassifyOptions): { cam?: CamMap; cams?: CamMap[] } {
    return {
      ...(opts.cam ? { cam: camMap(features.data, features.dims, i, source, opts.camClass ?? best[0].index) } : {}),
      ...(opts.camTop ? { cams: best.map((t) => camMap(features.data, features.dims, i, source, t.index)) } : {}),
    };
  }

  private geometryOf(img: { readonly width: number; readonly height: number }): ImageGeometry {
    const g = cropGeometry(img.width, img.height, this.model.preprocessing, this.inputSize);
    return { image: [img.width, img.height], resized: [g.resized[0], g.resized[1]], left: g.left, top: g.top, input: [this.inputSize[0], this.inputSize[1]] };
  }

  async release(): Promise<void> {
    await Promise.all([this.session.release(), this.pool.close()]);
  }
}

/** prepareModel at the requested precision (int8 is quantized from the fp32 export, and cached). */
export async function prepareModelAt(opts: ClassifyOptions, fp32: PreparedModel = prepareModel(opts)): Promise<PreparedModel> {
  return opts.precision === 'int8' ? int8Model(fp32) : fp32;
}

/** One-shot (the CLI): walk the files and folders, prepare the model, open a session, classify, release. */
export async function classifyFiles(paths: readonly string[], opts: ClassifyOptions, onProgress?: ProgressFn): Promise<ClassifyResult> {
  if (opts.compareFp32 && opts.precision !== 'int8') throw new ModelSourceError('comparing with fp32 needs int8 precision');
  const walked = await walkImages(paths, opts.walk);
  const started = performance.now();
  const fp32 = prepareModel(opts);
  const model = await prepareModelAt(opts, fp32);
  const classifier = await Classifier.open(model, opts.ep ?? 'auto', performance.now() - started);
  const reference = opts.compareFp32 ? await Classifier.open(fp32, classifier.provider).catch(async (e: unknown) => {
    await classifier.release();
    throw e;
  }) : undefined;
  try {
    if (opts.cam || opts.camTop) {
      const support = classifier.camSupport();
      if (!support.ok) throw new CamError(`${classifier.model.id}: no class activation map: ${support.reason}`);
      if (opts.camClass !== undefined && opts.camClass >= support.source.classes) throw new CamError(`--cam-class ${opts.camClass} is not a class of ${classifier.model.id} (0 to ${support.source.classes - 1})`);
    }
    const result = await classifier.classify(walked.files, opts, onProgress, reference);
    return { ...result, errors: [...walked.errors, ...result.errors] };
  } finally {
    await Promise.all([classifier.release(), reference?.release()]);
  }
}

/** Adds one batch's top-1 agreement and largest logit difference to `into`. */
function compareLogits(a: Float32Array, b: Float32Array, classes: number, into: { images: number; agreeing: number; maxDiff: number }): void {
  for (let i = 0; i * classes < a.length; i++) {
    let ta = 0;
    let tb = 0;
    for (let k = 0; k < classes; k++) {
      const j = i * classes + k;
      if (a[j] > a[i * classes + ta]) ta = k;
      if (b[j] > b[i * classes + tb]) tb = k;
      into.maxDiff = Math.max(into.maxDiff, Math.abs(a[j] - b[j]));
    }
    into.images++;
    if (ta === tb) into.agreeing++;
  }
}

/** Softmax probabilities (computed in float64, stably) of the k largest logits. */
export function topK(logits: ArrayLike<number>, k: number, labels: readonly string[]): TopClass[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const order = Array.from({ length: logits.length }, (_, i) => i).sort((a, b) => logits[b] - logits[a] || a - b);
  return order.slice(0, Math.min(k, logits.length)).map((index) => ({ index, label: labels[index] ?? `class ${index}`, prob: Math.exp(logits[index] - max) / sum }));
}

/** Decode errors start with the file name; the JSON already has it in `image`. */
function stripFile(message: string, file: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}
