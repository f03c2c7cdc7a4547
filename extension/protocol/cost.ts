// The Inspect Model messages about what a model costs: training memory (computed by the engine
// in the host) and measured latency (onnxruntime's profiler, in the inference worker). Part of
// the host↔webview contract of inspect.ts; the webview's requests are validated here.
import type { TrainMemoryJson } from '../../models/trainMemoryReport';

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

export type CostHostMessage =
  | { type: 'trainMemory'; slot: 'main' | 'compare'; data: MemoryData }
  | { type: 'latency'; slot: 'main' | 'compare'; data: LatencyData }
  /** The Measure Latency command: the page measures its main model with its own batch and runs. */
  | { type: 'measureLatency' }
  /** A memory or latency request failed (the message says why); what was shown stays. */
  | { type: 'costError'; slot: 'main' | 'compare'; what: 'memory' | 'latency'; message: string };

export type CostWebviewMessage =
  | { type: 'trainMemory'; slot: 'main' | 'compare'; batch: number; optimizer: OptimizerChoice; budget?: string }
  | { type: 'profile'; slot: 'main' | 'compare'; batch: number; runs: number };

const intIn = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;

/** Validates a cost request from the webview; undefined when it is not one. */
export function parseCostMessage(v: Record<string, unknown>, slotOk: (s: unknown) => s is 'main' | 'compare'): CostWebviewMessage | undefined {
  if (!slotOk(v.slot)) return undefined;
  if (v.type === 'trainMemory') {
    if (!intIn(v.batch, MAX_MEMORY_BATCH) || !(OPTIMIZER_CHOICES as readonly unknown[]).includes(v.optimizer)) return undefined;
    if (v.budget !== undefined && (typeof v.budget !== 'string' || v.budget.length > 40)) return undefined;
    return { type: 'trainMemory', slot: v.slot, batch: v.batch, optimizer: v.optimizer as OptimizerChoice, ...(typeof v.budget === 'string' && v.budget.trim() !== '' ? { budget: v.budget.trim() } : {}) };
  }
  if (v.type === 'profile') {
    if (!intIn(v.batch, MAX_PROFILE_BATCH) || !intIn(v.runs, MAX_PROFILE_RUNS)) return undefined;
    return { type: 'profile', slot: v.slot, batch: v.batch, runs: v.runs };
  }
  return undefined;
}
