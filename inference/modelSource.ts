// What a classifier runs: an ONNX model built from the engine's graph and a weights file
// (cached by the weights' content hash), or a user-supplied .onnx classifier; plus the
// preprocessing and class names that go with it.
import type { ErrorCode } from '../shared/errors';
import { InferenceError } from './errors';
import { checkOnnx } from './onnxCheck';
import { imagenetClassNames } from './classLabels';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { architectureKey, buildGraph, EXPORTER_VERSION, exportOnnx, fitWeights, maxWeightsFileBytes, networkInput, preprocessingFor, readLimitsFor, readWeights, type ModelSpec, type Preprocessing } from '../models';

export class ModelSourceError extends InferenceError {
  override readonly code: ErrorCode = 'modelSource';
  constructor(message: string) {
    super(message);
  }
}

export interface PreparedModel {
  /** The model's id (preset or variant name), or the .onnx file's name. */
  readonly id: string;
  /** ONNX bytes, or the path of a cached or user-supplied .onnx file. */
  readonly onnx: Uint8Array | string;
  readonly preprocessing: Preprocessing;
  /** [H, W] of the network input (the crop). */
  readonly inputSize: readonly [number, number];
  /** Where the ONNX came from: exported now, the export cache, or the user's file. */
  readonly origin: 'exported' | 'cache' | 'onnx-file';
  /** Path of the cached export, when there is one. */
  readonly cachePath?: string;
  /** The arithmetic the model runs in: fp32 unless it was quantized (int8Model.ts). */
  readonly precision?: Precision;
}

export const PRECISIONS = ['fp32', 'int8'] as const;
export type Precision = (typeof PRECISIONS)[number];
export const isPrecision = (v: unknown): v is Precision => typeof v === 'string' && (PRECISIONS as readonly string[]).includes(v);
/** How messages name a prepared model: the user's .onnx file, or the model id. */
export const modelName = (m: PreparedModel): string => (m.origin === 'onnx-file' ? (m.onnx as string) : m.id);

/** $BACKBONE_LENS_CACHE, else $XDG_CACHE_HOME/backbone-lens, else ~/.cache/backbone-lens. */
export function defaultCacheDir(): string {
  if (process.env.BACKBONE_LENS_CACHE) return resolve(process.env.BACKBONE_LENS_CACHE);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'backbone-lens');
}

/** The bytes of `file`, once stat says it is a regular file of at most `maxBytes` (nothing larger is read). */
function readFileChecked(file: string, what: string, maxBytes: number): Uint8Array {
  if (!existsSync(file)) throw new ModelSourceError(`${file}: no such file`);
  const st = statSync(file);
  if (!st.isFile()) throw new ModelSourceError(`${file}: not a file (expected ${what})`);
  if (st.size > maxBytes) throw new ModelSourceError(`${file}: ${st.size} bytes is more than ${what} for this model can be (at most ${maxBytes} bytes); refused without reading it`);
  return new Uint8Array(readFileSync(file));
}

/** Largest user .onnx file opened (bytes): the largest exported preset is under 0.5 GiB. */
export const MAX_ONNX_FILE_BYTES = 1 << 30;

/**
 * Builds (or finds in the cache) the ONNX model for `spec` with the weights in `weightsFile`.
 * The cache key is the SHA-256 of the weights' bytes, the architecture and the exporter version,
 * so a changed file or a changed knob never reuses a stale model.
 */
export function modelFromWeights(spec: ModelSpec, weightsFile: string, cacheDir: string | null = defaultCacheDir()): PreparedModel {
  const graph = buildGraph(spec);
  const limits = readLimitsFor(graph);
  const bytes = readFileChecked(weightsFile, 'a .safetensors or .pth file', maxWeightsFileBytes(limits));
  const preprocessing = preprocessingFor(spec, weightsFile);
  const inputSize = networkInput(spec, preprocessing);
  const hash = createHash('sha256').update(bytes).update(`\0${architectureKey(spec)}\0${EXPORTER_VERSION}`).digest('hex');
  const cachePath = cacheDir ? join(cacheDir, 'onnx', `${hash.slice(0, 32)}.onnx`) : undefined;
  if (cachePath && existsSync(cachePath)) return { id: spec.id, onnx: cachePath, preprocessing, inputSize, origin: 'cache', cachePath };
  const weights = fitWeights(graph, readWeights(bytes, weightsFile, limits), weightsFile);
  const onnx = exportOnnx(graph, weights, { preprocessing, inputSize });
  if (cachePath) writeAtomically(cachePath, onnx);
  return { id: spec.id, onnx, preprocessing, inputSize, origin: 'exported', ...(cachePath ? { cachePath } : {}) };
}

/** A user's .onnx classifier; its preprocessing comes from `spec` when given, else torchvision's at `inputSize`. */
export function modelFromOnnxFile(file: string, spec: ModelSpec | undefined): PreparedModel {
  checkOnnx(readFileChecked(file, 'an .onnx file', MAX_ONNX_FILE_BYTES), file);
  const preprocessing = preprocessingFor(spec);
  return { id: spec?.id ?? file.split(/[\\/]/).pop() ?? file, onnx: resolve(file), preprocessing, inputSize: networkInput(spec, preprocessing), origin: 'onnx-file' };
}

export function writeAtomically(file: string, bytes: Uint8Array): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written (read-only home, full disk) only costs a re-export next time.
  }
}

/** Class names for `classes` outputs: ImageNet-1k's (English: see classLabels.ts) for 1000, `class N` otherwise. */
export function labelsFor(classes: number): readonly string[] {
  if (classes === 1000) {
    const names = imagenetClassNames('en');
    if (names) return names;
  }
  return Array.from({ length: classes }, (_, i) => `class ${i}`);
}
