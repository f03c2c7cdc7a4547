// The Inspect Model host↔webview contract on the shared request/response helper (shared/rpc.ts),
// imported by the extension host bundle and the webview bundle alike. Everything that crosses the
// boundary is plain JSON and is validated where it arrives: the webview is untrusted input, and
// the page checks what the host sends too (inspectSchemas.ts holds the page's side).
//
// Division of labour: the HOST owns the engine. It resolves presets and variant files, builds and
// analyzes the graph and sends the finished numbers (`ModelData`); the webview lays out and draws
// them and never computes a statistic itself. Changing a control posts `configure`; the host
// recomputes (a few ms: graphs and analyses are memoized) and answers with a new `model`.
import type { KnobSpec, KnobValue, OpAttrs } from '../../models';
import { MAX_INPUT_SIDE } from '../../models/inputSize';
import { MAX_RANK } from '../../models/weights/limits';
import type { Api, CalledSchemas, ServedSchemas } from '../rpc';
import { boolean, check, count, dictOf, finite, intPair, listOf, literal, nullable, object, oneOf, optional, parseOrUndefined, pipe, regex, string, text, union, variant, type Schema } from '../validate';
import { latencyDataSchema, memoryDataSchema, profileParams, trainMemoryParams, type LatencyData, type MemoryData, type OptimizerChoice } from './cost';

/** Which of the (at most two) models in a panel a message is about. */
export type Slot = 'main' | 'compare';

/** Where a model comes from: a preset or family id, or a variant file (URI string). */
export type ModelSource =
  | { kind: 'preset'; id: string }
  | { kind: 'file'; uri: string; label: string }
  /** A class, factory or module-level model of a Python file, read by models/python/. */
  | { kind: 'python'; uri: string; target: string; label: string };

/** Receptive field in input pixels (see models/analysis/receptiveField.ts). */
export interface RfData {
  size: number | null;
  min: number | null;
  stride: number | null;
  global: boolean;
  globalContext: boolean;
}

export interface StatsData {
  /** Output shape [C, H, W] (or [features]). */
  shape: number[];
  /** Learnable parameters. */
  params: number;
  /** Multiply-accumulates, one image. */
  macs: number;
  rf: RfData;
  /** fp32 bytes of outputs at batch 1. */
  activationBytes: number;
  /** Measured ms (the webview fills it in from a `latency` message; absent until measured). */
  latencyMs?: number;
  /** Statistics of the checkpoint's weights (Inspect opened from the checkpoint editor; see WeightSummary). */
  weights?: WeightSummary;
}

/**
 * A layer's or group's weight statistics, for the weight colour modes. A layer's are those of its
 * `<path>.weight` tensor; a group's pool its conv and linear layers' weight tensors as if they were
 * one (extension/inspect/weightStats.ts has the rules).
 */
export interface WeightSummary {
  /** Population std of the finite elements; null when there is none. */
  std: number | null;
  /** Elements equal to zero. */
  zeros: number;
  /** Elements (finite or not). */
  count: number;
}

/** Where a model's weight statistics come from, and how complete they are. */
export interface WeightStatsInfo {
  /** The checkpoint's file name. */
  file: string;
  /** The editor was still streaming (or stopped part way) when Inspect opened: not every tensor has statistics. */
  partial: boolean;
  /** Layers with a `.weight` tensor that have statistics (key and shape as the checkpoint's). */
  layers: number;
  /** Layers of the model with a `.weight` tensor. */
  expected: number;
}

/** One tensor's statistics as the checkpoint editor streamed them (models/weights/tensorStats.ts). */
export interface WeightTensorStats {
  shape: number[];
  /** Over the finite elements; null when there is none. */
  mean: number | null;
  std: number | null;
  zeros: number;
  nonfinite: number;
}

/**
 * What the checkpoint editor passes with Inspect (`{ model, overrides, weights }`): the statistics
 * of the file's `.weight` tensors streamed so far, keyed as the model's (the prefix stripped).
 */
export interface CheckpointWeights {
  /** The file's name, for the legend. */
  file: string;
  /** The checkpoint's URI: which statistics these are, when the editor finishes streaming them. */
  checkpoint: string;
  partial: boolean;
  tensors: Record<string, WeightTensorStats>;
}

export interface NodeData extends StatsData {
  path: string;
  attrs: OpAttrs;
  /** Indices of input nodes (node index = position in ModelData.nodes). */
  inputs: number[];
  /** Index of the group that holds the node directly. */
  group: number;
}

export interface GroupData extends StatsData {
  path: string;
  kind: 'model' | 'stem' | 'stage' | 'transition' | 'block' | 'module' | 'head';
  label: string;
  /** -1 for the model (groups[0]). */
  parent: number;
  children: number[];
  nodes: number[];
  /** Layers counted in the papers' depth convention. */
  depth: number;
  /** Nodes in the subtree. */
  nodeCount: number;
  /** The node whose output is the group's output. */
  outputNode: number;
}

export interface ModelData {
  id: string;
  family: string;
  description: string;
  source: ModelSource;
  /** Input [H, W] in pixels. */
  input: [number, number];
  /** Every knob of the family, as resolved. */
  knobs: Record<string, KnobValue>;
  /** Knobs changed from the preset/family defaults. */
  overrides: Record<string, KnobValue>;
  knobSpecs: KnobSpec[];
  nodes: NodeData[];
  groups: GroupData[];
  /** The measured run behind the latencyMs fields (set by the webview with them). */
  latency?: { batch: number; totalMs: number; provider: string };
  /** Convenience copy of groups[0]'s stats plus the feature map. */
  totals: { depth: number; params: number; macs: number; activationBytes: number; featureShape: number[]; rf: RfData };
  /** A model read from Python: module path → 1-based line where it is built (diagram ↔ source). */
  sourceLines?: Record<string, number>;
  /** Present when the nodes and groups carry `weights` (Inspect opened from a checkpoint). */
  weightStats?: WeightStatsInfo;
}

export interface PresetSummary {
  id: string;
  family: string;
  description: string;
}

/** What a `configure` asks for: a model plus input size and knob overrides. */
export interface ModelConfig {
  source: ModelSource;
  input?: [number, number];
  knobs?: Record<string, KnobValue>;
}

export type ImageFormat = 'svg' | 'png';
export type TableFormat = 'markdown' | 'csv';
export type ExportTarget = 'clipboard' | 'file';

/** What the Inspect host serves its page. Export results carry the status line's text (null: the user cancelled). */
export interface InspectHostApi extends Api {
  requests: {
    /** An image of the current view: SVG text, or a PNG as base64 (PNG goes to a file only). */
    exportImage: { params: { format: ImageFormat; target: ExportTarget; data: string }; result: { message: string | null } };
    /** The stats table of a slot's model; the host builds it with the engine's statsReport. */
    exportTable: { params: { format: TableFormat; target: ExportTarget; slot: Slot }; result: { message: string | null } };
    /** Training memory of a slot's model (protocol/cost.ts). */
    trainMemory: { params: { slot: Slot; batch: number; optimizer: OptimizerChoice; budget?: string }; result: MemoryData };
    /** Measured latency of a slot's model, in the inference worker. */
    profile: { params: { slot: Slot; batch: number; runs: number }; result: LatencyData };
  };
  notifications: {
    /** The page is up; `main`/`compare` are what it restored from getState() (absent on first open). */
    ready: { main?: ModelConfig; compare?: ModelConfig };
    configure: { slot: Slot; config: ModelConfig };
    /** Opens the preset quick pick for a slot (the compare button). */
    pickModel: { slot: Slot };
    clearCompare: Record<string, never>;
    /** A node or group of the main diagram was selected (the host reveals its source line). */
    selected: { path: string };
    /** "Show receptive field on an image…" for a node or group path of a slot's model. */
    showReceptiveField: { slot: Slot; path: string };
  };
}

/** What the page takes from its host. */
export interface InspectPageApi extends Api {
  requests: Record<string, never>;
  notifications: {
    catalog: { presets: PresetSummary[] };
    /** A computed model for a slot; `focus` is a node or group path to reveal and select. */
    model: { slot: Slot; data: ModelData; focus?: string };
    /** Removes the comparison model. */
    clearCompare: Record<string, never>;
    /** A configure request failed; the previous model stays on screen. */
    error: { slot: Slot; message: string };
    /** Reveal and select a path in the main model (hover links to an open panel). */
    focus: { path: string };
    /** The Measure Latency command: the page measures its main model with its own batch and runs. */
    measureLatency: Record<string, never>;
  };
}

// ---- what the host checks (the page is untrusted) ----------------------------------------------

export const SLOTS = ['main', 'compare'] as const;
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;
export const INSPECT_LIMITS = { id: 200, uri: 4096, label: 1000, path: 1000, knobs: 64, knobText: 200, knobList: 64, side: MAX_INPUT_SIDE, weightTensors: 1_000_000 } as const;

export const slotSchema: Schema<Slot> = oneOf(SLOTS);
const knobValue: Schema<KnobValue> = union([boolean(), finite(), text(INSPECT_LIMITS.knobText), listOf(finite(), INSPECT_LIMITS.knobList)]);

export const modelSourceSchema: Schema<ModelSource> = variant('kind', [
  object({ kind: literal('preset'), id: text(INSPECT_LIMITS.id, 1) }),
  object({ kind: literal('file'), uri: text(INSPECT_LIMITS.uri), label: text(INSPECT_LIMITS.label) }),
  object({ kind: literal('python'), uri: text(INSPECT_LIMITS.uri), target: pipe(string(), regex(/^[A-Za-z_][A-Za-z0-9_]{0,199}$/)), label: text(INSPECT_LIMITS.label) }),
]);

export const modelConfigSchema: Schema<ModelConfig> = object({
  source: modelSourceSchema,
  input: optional(intPair(1, INSPECT_LIMITS.side)),
  knobs: optional(dictOf(pipe(string(), regex(/^[a-z_][a-z0-9_]{0,63}$/)), knobValue, INSPECT_LIMITS.knobs)),
});

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** One tensor's statistics: counts within the tensor's elements, a mean and std exactly when some element is finite. */
export const weightTensorStatsSchema: Schema<WeightTensorStats> = pipe(
  object({ shape: listOf(count(), MAX_RANK), mean: nullable(finite()), std: nullable(finite(0)), zeros: count(), nonfinite: count() }),
  check((s) => s.zeros + s.nonfinite <= numel(s.shape), 'zeros and non-finite elements are at most the elements'),
  check((s) => (s.mean === null) === (s.std === null) && (s.std === null) === (s.nonfinite === numel(s.shape)), 'a mean and std exactly when some element is finite'),
);

/** The weights argument of the Inspect Model command (it may come from a command link: checked like the page's messages). */
export const checkpointWeightsSchema: Schema<CheckpointWeights> = object({
  file: text(INSPECT_LIMITS.label),
  checkpoint: text(INSPECT_LIMITS.uri),
  partial: boolean(),
  tensors: dictOf(text(INSPECT_LIMITS.path, 1), weightTensorStatsSchema, INSPECT_LIMITS.weightTensors),
});

/** A model configuration from the page (or its saved state); undefined when it is not one. */
export const parseModelConfig = (v: unknown): ModelConfig | undefined => parseOrUndefined(modelConfigSchema, v);

const base64 = /^[A-Za-z0-9+/=]*$/;
const exportImageParams: Schema<InspectHostApi['requests']['exportImage']['params']> = pipe(
  object({ format: oneOf(['svg', 'png']), target: oneOf(['clipboard', 'file']), data: text(MAX_EXPORT_CHARS) }),
  // A PNG goes to a file only, as base64.
  check((m) => m.format === 'svg' || (m.target === 'file' && base64.test(m.data)), 'a PNG is base64 and goes to a file'),
);
const path = text(INSPECT_LIMITS.path);
const exportMessage = object({ message: nullable(text(10_000)) });

/** What the host checks. */
export const inspectHostServes: ServedSchemas<InspectHostApi> = {
  requests: {
    exportImage: exportImageParams,
    exportTable: object({ format: oneOf(['markdown', 'csv']), target: oneOf(['clipboard', 'file']), slot: slotSchema }),
    trainMemory: trainMemoryParams,
    profile: profileParams,
  },
  notifications: {
    ready: object({ main: optional(modelConfigSchema), compare: optional(modelConfigSchema) }),
    configure: object({ slot: slotSchema, config: modelConfigSchema }),
    pickModel: object({ slot: slotSchema }),
    clearCompare: object({}),
    selected: object({ path }),
    showReceptiveField: object({ slot: slotSchema, path: text(INSPECT_LIMITS.path, 1) }),
  },
};

/** What the page checks in the host's answers. */
export const inspectHostAnswers: CalledSchemas<InspectHostApi> = {
  results: { exportImage: exportMessage, exportTable: exportMessage, trainMemory: memoryDataSchema, profile: latencyDataSchema },
  progress: {},
};
