// The Inspect Model messages about what a model costs: training memory (computed by the engine
// in the host) and measured latency (onnxruntime's profiler, in the inference worker). Part of
// the host↔webview contract of inspect.ts: the page's requests and the host's answers, with
// their schemas.
import type { TrainMemoryJson } from '../../models/trainMemoryReport';
import { boolean, count, dictOf, finite, intIn, intPair, listOf, literal, nullable, object, oneOf, optional, pipe, text, transform, type Schema } from '../validate';

export type OptimizerChoice = 'sgd' | 'sgd-momentum' | 'adam' | 'adamw';
export const OPTIMIZER_CHOICES: readonly OptimizerChoice[] = ['sgd', 'sgd-momentum', 'adam', 'adamw'];
export const MAX_MEMORY_BATCH = 1 << 20;
export const MAX_PROFILE_BATCH = 256;
export const MAX_PROFILE_RUNS = 100;

/** Training memory of a slot's model, for the Memory view. */
export interface MemoryData {
  /** The train_memory object of `stats --train --json`. */
  report: TrainMemoryJson;
  /** Saved-activation bytes per group, indexed like ModelData.groups. */
  groupSaved: number[];
  /** The largest batch that fits `budget`, when a budget was asked for (null: not even the smallest). */
  fit?: { budget: string; budgetBytes: number; batch: number | null };
  /** The same step with the family's training-memory knob (FamilyDef.memoryKnob: DenseNet's memory_efficient) flipped, so the view can show the saving. */
  alternative?: { knob: string; value: boolean; savedActivationBytes: number; totalBytes: number };
}

/** Measured latency of a slot's model, for the Latency colour mode and columns. */
export interface LatencyData {
  provider: string;
  batch: number;
  input: [number, number];
  runs: number;
  /** The median run (ms). */
  totalMs: number;
  profilerOverhead: number;
  /** ms per node and per group subtree, indexed like ModelData.nodes / groups. */
  nodeMs: number[];
  groupMs: number[];
}

const optimizer: Schema<OptimizerChoice> = oneOf(['sgd', 'sgd-momentum', 'adam', 'adamw']);
const slot = oneOf(['main', 'compare']);
const bytes = finite(0);

/** A Memory view request; a blank budget is no budget. */
export const trainMemoryParams = pipe(
  object({ slot, batch: intIn(1, MAX_MEMORY_BATCH), optimizer, budget: optional(text(40)) }),
  transform(({ budget, ...rest }) => (budget !== undefined && budget.trim() !== '' ? { ...rest, budget: budget.trim() } : rest)),
);

export const profileParams = object({ slot, batch: intIn(1, MAX_PROFILE_BATCH), runs: intIn(1, MAX_PROFILE_RUNS) });

const name = text(1000);
const trainMemoryJsonSchema: Schema<TrainMemoryJson> = object({
  batch: count(),
  dtype: literal('float32'),
  input: intPair(1, 1 << 16),
  optimizer: name,
  params_bytes: bytes,
  grads_bytes: bytes,
  optimizer_bytes: bytes,
  saved_activation_bytes: bytes,
  total_bytes: bytes,
  per_group: listOf(object({ path: name, kind: name, label: name, depth: count(), saved_activation_bytes: bytes }), 1 << 20),
  per_node: listOf(object({ path: name, op: name, saved_activation_bytes: bytes }), 1 << 20),
  fit: optional(object({ budget_bytes: bytes, fits: boolean(), min_batch_bytes: optional(bytes) })),
  units: dictOf(text(100), name, 100),
});

export const memoryDataSchema: Schema<MemoryData> = object({
  report: trainMemoryJsonSchema,
  groupSaved: listOf(bytes, 1 << 20),
  fit: optional(object({ budget: text(40), budgetBytes: bytes, batch: nullable(count()) })),
  alternative: optional(object({ knob: text(64), value: boolean(), savedActivationBytes: bytes, totalBytes: bytes })),
});

export const latencyDataSchema: Schema<LatencyData> = object({
  provider: text(100),
  batch: intIn(1, MAX_PROFILE_BATCH),
  input: intPair(1, 1 << 16),
  runs: intIn(1, MAX_PROFILE_RUNS),
  totalMs: bytes,
  profilerOverhead: finite(),
  nodeMs: listOf(bytes, 1 << 20),
  groupMs: listOf(bytes, 1 << 20),
});
