// The host side of the Inspect Model's Memory view and Latency mode: training memory from the
// engine (a few ms), measured latency from the inference worker (its own client, started on the
// first measurement and stopped with the panel). Every number comes from the engine or from
// onnxruntime's profile; nothing is estimated here.
import { buildGraph, families, withOverrides, type ModelSpec } from '../../models';
import { fitBatch, parseMemorySize, trainMemory } from '../../models/analysis/trainMemory';
import { trainMemoryJson } from '../../models/trainMemoryReport';
import { InferenceClient } from '../../inference/client';
import type { ProfileResult } from '../../inference/profile';
import type { EpChoice } from '../../inference/session';
import { NotAvailableError } from '../../shared/errors';
import type { LatencyData, MemoryData } from '../../shared/protocol/cost';
import type { InspectHostApi } from '../../shared/protocol/inspect';
import type { Resolved } from './modelData';

type MemoryRequest = InspectHostApi['requests']['trainMemory']['params'];
type ProfileRequest = InspectHostApi['requests']['profile']['params'];

export function memoryData(r: Resolved, msg: MemoryRequest): MemoryData {
  const graph = r.analysis.graph;
  const input = r.analysis.input;
  let batch = msg.batch;
  let fit: MemoryData['fit'];
  if (msg.budget !== undefined) {
    const budgetBytes = parseMemorySize(msg.budget, 'budget');
    const f = fitBatch(graph, input, msg.optimizer, budgetBytes);
    fit = { budget: msg.budget, budgetBytes, batch: f.fits ? f.batch : null };
  }
  const m = trainMemory(graph, input, batch, msg.optimizer);
  batch = m.batch;
  const data: MemoryData = { report: trainMemoryJson(graph, m), groupSaved: [...m.groupSaved], ...(fit ? { fit } : {}) };
  const knob = r.spec && families[r.spec.family].memoryKnob;
  if (r.spec && knob) {
    const value = r.spec.knobs[knob] !== true;
    const other = trainMemory(buildGraph(withOverrides(r.spec, { [knob]: value })), input, batch, msg.optimizer);
    data.alternative = { knob, value, savedActivationBytes: other.savedActivationBytes, totalBytes: other.totalBytes };
  }
  return data;
}

/** The worker's variant for a resolved spec: its family and every knob (works for presets and files alike). */
export function variantOf(spec: ModelSpec): Record<string, unknown> {
  return { family: spec.family, name: spec.id, ...spec.knobs };
}

/** Per node and per group subtree ms, indexed like the graph, from a profile's node list. */
export function latencyData(r: Resolved, p: ProfileResult): LatencyData {
  const graph = r.analysis.graph;
  const index = new Map(graph.nodes.map((n) => [n.path, n.id]));
  const nodeMs = graph.nodes.map(() => 0);
  for (const n of p.nodes) {
    const id = index.get(n.path);
    if (id !== undefined) nodeMs[id] += n.ms;
  }
  const groupMs = graph.groups.map(() => 0);
  for (let g = graph.groups.length - 1; g >= 0; g--) {
    const group = graph.groups[g];
    groupMs[g] = group.nodes.reduce((s, id) => s + nodeMs[id], 0) + group.children.reduce((s, c) => s + groupMs[c], 0);
  }
  return { provider: p.provider, batch: p.batch, input: p.input, runs: p.runs, totalMs: p.total_ms, profilerOverhead: p.profiler_overhead, nodeMs, groupMs };
}

/** Runs profiles in a worker of its own (one at a time; a new request waits for the last). */
export class LatencyRunner {
  private client: InferenceClient | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly workerPath: string) {}

  profile(spec: ModelSpec, input: readonly [number, number], ep: EpChoice, batch: number, runs: number): Promise<ProfileResult> {
    const run = this.queue.then(() => {
      this.client ??= new InferenceClient(this.workerPath);
      return this.client.profile({ model: { kind: 'variant', variant: variantOf(spec), source: spec.id }, ep, batch, runs, input: [input[0], input[1]] });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Measured latency of a resolved model; a typed error says why there is none. */
  async measure(r: Resolved, msg: ProfileRequest, ep: EpChoice): Promise<LatencyData> {
    // The worker builds the network from a variant; a model read from Python has none yet.
    if (!r.spec) throw new NotAvailableError(`latency is measured on presets and variant files; ${r.id} is read from Python, and its graph is not exported to ONNX yet`);
    return latencyData(r, await this.profile(r.spec, r.analysis.input, ep, msg.batch, msg.runs));
  }

  dispose(): void {
    this.client?.dispose();
    this.client = undefined;
  }
}
