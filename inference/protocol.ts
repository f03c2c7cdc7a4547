// The inference worker's contract (child_process.fork IPC) on the one request/response helper
// (shared/rpc.ts): the worker serves classify, profile and release; each request gets progress
// (classify) and one result or one typed error (shared/errors.ts). Both ends validate what
// arrives with the schemas below: the worker the requests, the client the results.
import type { ClassifyResult } from './classify';
import { PRECISIONS, type Precision } from './modelSource';
import { PROFILE_LIMITS, type ProfileResult } from './profile';
import { EP_CHOICES, type EpChoice } from './session';
import type { Api, CalledSchemas, ServedSchemas } from '../shared/rpc';
import { ERROR_CODES } from '../shared/errors';
import {
  boolean,
  count,
  dictOf,
  finite,
  intIn,
  intPair,
  listOf,
  literal,
  nullable,
  nullValue,
  object,
  oneOf,
  optional,
  text,
  tuple,
  unknown,
  variant,
  type Schema,
} from '../shared/validate';

/** The architecture: a preset/family id, or a variant object as read from a *.backbone.json file. */
export type ModelRef = { kind: 'id'; id: string } | { kind: 'variant'; variant: unknown; source?: string };

export interface ClassifyParams {
  /** Image files: the sender walked any folders (walkImages); the worker walks nothing. */
  paths: string[];
  model?: ModelRef;
  /** `--set` style knob overrides. */
  sets?: Record<string, string>;
  weights?: string;
  /**
   * Random ("untrained") weights for `model` instead of `weights`: the worker writes them
   * (bounded, cached by architecture under the cache folder) so that the host never allocates them.
   */
  randomWeights?: boolean;
  onnx?: string;
  ep?: EpChoice;
  top?: number;
  batch?: number;
  logits?: boolean;
  /** fp32 (default) or int8. */
  precision?: Precision;
  /** Class activation maps: `cam` of `camClass` (default top-1), `camTop` of every top class. */
  cam?: boolean;
  camClass?: number;
  camTop?: boolean;
  /** Export cache folder; null disables it; absent = the default (~/.cache/backbone-lens). */
  cacheDir?: string | null;
}

export interface ProfileParams {
  model: ModelRef;
  sets?: Record<string, string>;
  ep?: EpChoice;
  batch?: number;
  /** [H, W] in pixels. */
  input?: [number, number];
  runs?: number;
  /** Export cache folder; null disables it; absent = the default. */
  cacheDir?: string | null;
}

/** What the worker serves. `release` drops the open session (frees its memory); the next classify opens a new one. */
export interface WorkerApi extends Api {
  requests: {
    classify: { params: ClassifyParams; result: ClassifyResult; progress: { done: number; total: number } };
    profile: { params: ProfileParams; result: ProfileResult };
    release: { params: Record<string, never>; result: null };
  };
  notifications: Record<string, never>;
}

/** What the worker tells its host: it is up (its process id). */
export interface WorkerHostApi extends Api {
  requests: Record<string, never>;
  notifications: { ready: { pid: number } };
}

/** Bounds of a request (the host is trusted, but a bad message must fail in bounded time and memory). */
export const WORKER_LIMITS = { paths: 100_000, path: 4096, sets: 64, setValue: 1000, id: 200, top: 100_000, classIndex: 99_999, text: 100_000, classes: 1_000_000, cells: 1 << 20 } as const;

const path = text(WORKER_LIMITS.path, 1);
const modelRef: Schema<ModelRef> = variant('kind', [
  object({ kind: literal('id'), id: text(WORKER_LIMITS.id, 1) }),
  object({ kind: literal('variant'), variant: unknown(), source: optional(text(WORKER_LIMITS.path)) }),
]);
const sets = optional(dictOf(text(64, 1), text(WORKER_LIMITS.setValue), WORKER_LIMITS.sets));
const cacheDir = optional(nullable(path));
const ep = optional(oneOf(EP_CHOICES));

const classifyParams: Schema<ClassifyParams> = object({
  paths: listOf(path, WORKER_LIMITS.paths),
  model: optional(modelRef),
  sets,
  weights: optional(path),
  randomWeights: optional(boolean()),
  onnx: optional(path),
  ep,
  top: optional(intIn(1, WORKER_LIMITS.top)),
  batch: optional(intIn(1, WORKER_LIMITS.top)),
  logits: optional(boolean()),
  precision: optional(oneOf(PRECISIONS)),
  cam: optional(boolean()),
  camClass: optional(intIn(0, WORKER_LIMITS.classIndex)),
  camTop: optional(boolean()),
  cacheDir,
});

const profileParams: Schema<ProfileParams> = object({
  model: modelRef,
  sets,
  ep,
  batch: optional(intIn(1, PROFILE_LIMITS.maxBatch)),
  input: optional(intPair(1, PROFILE_LIMITS.maxSide)),
  runs: optional(intIn(1, PROFILE_LIMITS.maxRuns)),
  cacheDir,
});

// ---- results (checked by the client) ---------------------------------------------------------

const label = text(WORKER_LIMITS.text);
const provider = oneOf(['cpu', 'webgpu', 'cuda', 'dml', 'coreml']);
const fallbacks = listOf(object({ provider, reason: label }), 16);
const triple = tuple([finite(), finite(), finite()]);
const camMap = object({ class: count(), grid: intPair(1, 1 << 16), values: listOf(finite(), WORKER_LIMITS.cells) });
const side = intIn(-(1 << 16), 1 << 16);

const classifyResult: Schema<ClassifyResult> = object({
  model: label,
  provider,
  preprocessing: object({ inputSize: intIn(1, 1 << 16), cropPct: finite(0), interpolation: oneOf(['bilinear', 'bicubic']), mean: triple, std: triple, source: optional(label) }),
  results: listOf(
    object({
      image: path,
      top: listOf(object({ index: count(), label, prob: finite(0) }), WORKER_LIMITS.top),
      logits: optional(listOf(finite(), WORKER_LIMITS.classes)),
      cam: optional(camMap),
      cams: optional(listOf(camMap, WORKER_LIMITS.top)),
      geometry: optional(object({ image: intPair(1, 1 << 16), resized: intPair(1, 1 << 16), left: side, top: side, input: intPair(1, 1 << 16) })),
    }),
    WORKER_LIMITS.paths,
  ),
  errors: listOf(object({ image: path, code: oneOf(ERROR_CODES), message: label }), WORKER_LIMITS.paths),
  fallbacks,
  camUnavailable: optional(label),
  precision: oneOf(PRECISIONS),
  timing: object({ prepare_ms: finite(0), session_ms: finite(0), inference_ms: finite(0), per_image_ms: finite(0) }),
  compare_fp32: optional(object({ images: count(), top1_agreement: finite(0), max_logit_diff: finite(0) })),
});

const profileResult: Schema<ProfileResult> = object({
  model: label,
  provider,
  batch: intIn(1, PROFILE_LIMITS.maxBatch),
  input: intPair(1, PROFILE_LIMITS.maxSide),
  runs: intIn(1, PROFILE_LIMITS.maxRuns),
  total_ms: finite(0),
  kernel_ms: finite(0),
  profiled_wall_ms: finite(0),
  unprofiled_wall_ms: finite(0),
  profiler_overhead: finite(),
  nodes: listOf(object({ path: label, op: label, onnx_name: label, ms: finite(0) }), WORKER_LIMITS.cells),
  groups: listOf(object({ path: label, kind: label, label, ms: finite(0), macs: count(), gflops: finite(0), share: finite(0) }), WORKER_LIMITS.cells),
  fallbacks,
  weights: literal('random'),
});

/** What the worker checks (requests from its host). */
export const workerServes: ServedSchemas<WorkerApi> = {
  requests: { classify: classifyParams, profile: profileParams, release: object({}) },
  notifications: {},
};

/** What the client checks (the worker's answers). */
export const workerAnswers: CalledSchemas<WorkerApi> = {
  results: { classify: classifyResult, profile: profileResult, release: nullValue() },
  progress: { classify: object({ done: count(), total: count() }) },
};

/** What the client takes besides answers. */
export const hostServes: ServedSchemas<WorkerHostApi> = { requests: {}, notifications: { ready: object({ pid: count() }) } };

/** The worker calls nothing of its host. */
export const hostAnswers: CalledSchemas<WorkerHostApi> = { results: {}, progress: {} };
