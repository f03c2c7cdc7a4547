// The checkpoint editor (.pth/.pt/.safetensors): host ↔ page contract on the shared
// request/response helper. The host sends the table first (from the file's headers), then the
// statistics in batches as it streams the tensors, then the BatchNorm health; a file that cannot
// be read gets one typed error instead. The page says `ready` (the host answers with everything
// so far, also after a reload), asks for the four actions (each answers the line the page shows)
// and reports what it has rendered (the integration tests read that back through
// TestCommands.checkpointEditorState). Both ends validate what they receive.
import type { Api, CalledSchemas, ServedSchemas } from '../rpc';
import { boolean, count, dictOf, finite, listOf, literal, nullable, nullValue, object, oneOf, strictTuple, text, union, variant, type Schema } from '../validate';
import { MAX_RANK } from '../../models/weights/limits';
import type { TensorStats } from '../../models/weights/tensorStats';

export interface TensorRow {
  key: string;
  shape: number[];
  /** PyTorch's dtype name (float16, …). */
  dtype: string;
  /** Elements. */
  params: number;
}

export interface HistogramData {
  lo: number;
  hi: number;
  counts: number[];
}

/** One tensor's statistics (the engine's TensorStats: over its finite elements; null when it has none). */
export interface StatsData extends Pick<TensorStats, 'mean' | 'std' | 'min' | 'max' | 'zeros' | 'nonfinite'> {
  histogram: HistogramData | null;
}

export interface BatchNormRow {
  layer: string;
  channels: number;
  zeroVariance: number[];
  dead: number[];
}

export type ArchitectureData =
  | {
      recognised: true;
      exact: boolean;
      model: string;
      overrides: Record<string, string | number | boolean | null | number[]>;
      differences: string[];
      prefix: string;
      extraKeys: string[];
      /** The recognised architecture's learnable parameters and MACs at its input size, or why they are unknown. */
      totals: { params: number; macs: number; input: [number, number] } | { unknown: string };
    }
  | { recognised: false; reason: string };

export interface CheckpointHeader {
  /** The file's name, and its path as the workspace shows it. */
  name: string;
  path: string;
  format: 'safetensors' | 'pytorch';
  wrapper: string | null;
  otherKeys: string[];
  fileBytes: number;
  /** Stored bytes of the tensors (what the statistics stream). */
  tensorBytes: number;
  /** Elements of the floating-point tensors. */
  params: number;
}

/** Why a checkpoint cannot be read: the file, the problem, and what to do. */
export interface CheckpointError {
  file: string;
  problem: string;
  advice: string;
}

export const CHECKPOINT_ACTIONS = ['inspect', 'classify', 'exportOnnx', 'saveVariant'] as const;
export type CheckpointAction = (typeof CHECKPOINT_ACTIONS)[number];

export const RENDERED_PHASES = ['loading', 'table', 'streaming', 'done', 'error', 'statsError'] as const;

/** What the page shows, as it reports it after each render. */
export interface RenderedState {
  phase: (typeof RENDERED_PHASES)[number];
  rows: number;
  rowsWithStats: number;
  architecture: string;
  error: string;
}

/** What the host serves its page. */
export interface CheckpointHostApi extends Api {
  requests: {
    /** Runs an action on the recognised architecture; `notice` is the line the page shows (null: nothing to say, a dialog was dismissed). */
    action: { params: { action: CheckpointAction }; result: { notice: string | null } };
  };
  notifications: {
    /** The page is up (first load, or reloaded after being hidden): the host sends everything so far. */
    ready: Record<string, never>;
    /** What the page shows after each render. */
    rendered: RenderedState;
  };
}

/** What the page takes: the index, statistics batches, their end, or a typed error. */
export interface CheckpointPageApi extends Api {
  requests: Record<string, never>;
  notifications: {
    index: { header: CheckpointHeader; architecture: ArchitectureData; tensors: TensorRow[]; trusted: boolean };
    stats: { rows: { position: number; stats: StatsData }[]; bytesDone: number; totalBytes: number };
    statsDone: { batchNorm: BatchNormRow[] };
    /** The file cannot be read: no table. */
    error: { error: CheckpointError };
    /** The statistics stopped part way: the table stays. */
    statsError: { error: CheckpointError };
  };
}

/**
 * Bounds of what crosses: a state dict's pickle or safetensors header is at most 16 MiB (the
 * readers' limit), a few dozen bytes a tensor at the least, so a million tensors (and keys) is
 * beyond any file the readers accept; histograms have 64 bins (tensorStats.ts), 1024 is ample.
 */
export const CHECKPOINT_LIMITS = { tensors: 1_000_000, text: 100_000, line: 10_000, model: 200, dtype: 20, knobs: 64, knobName: 200, knobList: 64, bins: 1024 } as const;

const L = CHECKPOINT_LIMITS;
const str = text(L.text);
const keys = listOf(str, L.tensors);
const counts = listOf(count(), L.tensors);
const num = nullable(finite());

const knobValue = union([boolean(), finite(), text(L.knobName), nullValue(), listOf(finite(), L.knobList)]);

const errorSchema: Schema<CheckpointError> = object({ file: str, problem: str, advice: str });

const statsSchema: Schema<StatsData> = object({
  mean: num,
  std: num,
  min: num,
  max: num,
  zeros: count(),
  nonfinite: count(),
  histogram: nullable(object({ lo: finite(), hi: finite(), counts: listOf(count(), L.bins) })),
});

const architectureSchema: Schema<ArchitectureData> = variant('recognised', [
  object({
    recognised: literal(true),
    exact: boolean(),
    model: text(L.model),
    overrides: dictOf(text(L.knobName), knobValue, L.knobs),
    differences: keys,
    prefix: str,
    extraKeys: keys,
    totals: union([object({ params: count(), macs: count(), input: strictTuple([count(), count()]) }), object({ unknown: str })]),
  }),
  object({ recognised: literal(false), reason: str }),
]);

const headerSchema: Schema<CheckpointHeader> = object({
  name: str,
  path: str,
  format: oneOf(['safetensors', 'pytorch']),
  wrapper: nullable(str),
  otherKeys: keys,
  fileBytes: count(),
  tensorBytes: count(),
  params: count(),
});

const tensorRowSchema: Schema<TensorRow> = object({ key: str, shape: listOf(count(), MAX_RANK), dtype: text(L.dtype), params: count() });

const renderedSchema: Schema<RenderedState> = object({ phase: oneOf(RENDERED_PHASES), rows: count(), rowsWithStats: count(), architecture: text(L.line), error: text(L.line) });

export const checkpointHostServes: ServedSchemas<CheckpointHostApi> = {
  requests: { action: object({ action: oneOf(CHECKPOINT_ACTIONS) }) },
  notifications: { ready: object({}), rendered: renderedSchema },
};
export const checkpointHostAnswers: CalledSchemas<CheckpointHostApi> = { results: { action: object({ notice: nullable(text(L.line)) }) }, progress: {} };
export const checkpointPageServes: ServedSchemas<CheckpointPageApi> = {
  requests: {},
  notifications: {
    index: object({ header: headerSchema, architecture: architectureSchema, tensors: listOf(tensorRowSchema, L.tensors), trusted: boolean() }),
    stats: object({ rows: listOf(object({ position: count(), stats: statsSchema }), L.tensors), bytesDone: count(), totalBytes: count() }),
    statsDone: object({ batchNorm: listOf(object({ layer: str, channels: count(), zeroVariance: counts, dead: counts }), L.tensors) }),
    error: object({ error: errorSchema }),
    statsError: object({ error: errorSchema }),
  },
};
export const checkpointPageAnswers: CalledSchemas<CheckpointPageApi> = { results: {}, progress: {} };
