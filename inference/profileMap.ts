// From onnxruntime's profile (the Chrome-trace JSON that `enableProfiling` writes) back to the
// engine's graph: every kernel event of one run is mapped to the graph node it came from (our
// exporter names each ONNX node after the node's path) and summed per group with its MACs.
//
// Names onnxruntime gives after its graph optimisations, and how they map:
//   `layer1.0.conv1_kernel_time`                    the node `layer1.0.conv1`
//   `layer1.0.bn3_nchwc_kernel_time`                a fused Conv+BN(+ReLU) in the NCHWc layout,
//                                                   named after the last node fused (same block)
//   `….conv2.split.1/GatherSliceToSplitFusion_…`    a fusion named after one of its nodes
//   `….conv2.rsoftmax.softmax_kernel_time`          a sub-op our exporter emits for a node
//   `ReorderInput_token_50_kernel_time`, `Reshape_token_3_…`
//                                                   layout conversions onnxruntime inserts: charged
//                                                   to the node run just before them (ReorderInput,
//                                                   which feeds the next node, to the one after)
import type { Analysis, Graph } from '../models';
import type { ErrorCode } from '../shared/errors';
import { InferenceError } from './errors';

export class ProfileFormatError extends InferenceError {
  override readonly code: ErrorCode = 'profileFormat';
  constructor(file: string, problem: string) {
    super(`${file}: not an onnxruntime profile we can read: ${problem}`);
  }
}

/** One kernel execution of a run. */
export interface KernelEvent {
  /** onnxruntime's node name, without `_kernel_time`. */
  readonly name: string;
  readonly op: string;
  /** Microseconds. */
  readonly durUs: number;
}

/** The kernel events of each `model_run`, in order, with the run's own duration. */
export interface ProfiledRun {
  readonly durUs: number;
  readonly kernels: readonly KernelEvent[];
}

interface TraceEvent {
  cat?: unknown;
  name?: unknown;
  dur?: unknown;
  ts?: unknown;
  args?: { op_name?: unknown };
}

/** Splits a profile's events into runs: each `model_run` event with the kernel events inside its time span. */
export function parseProfile(json: unknown, file: string): ProfiledRun[] {
  if (!Array.isArray(json)) throw new ProfileFormatError(file, 'expected a JSON array of trace events');
  const runs: Array<{ ts: number; end: number; durUs: number; kernels: KernelEvent[] }> = [];
  const kernels: Array<{ ts: number; e: KernelEvent }> = [];
  for (const raw of json as TraceEvent[]) {
    if (typeof raw !== 'object' || raw === null || typeof raw.ts !== 'number' || typeof raw.dur !== 'number' || typeof raw.name !== 'string') continue;
    if (raw.cat === 'Session' && raw.name === 'model_run') runs.push({ ts: raw.ts, end: raw.ts + raw.dur, durUs: raw.dur, kernels: [] });
    else if (raw.cat === 'Node' && raw.name.endsWith('_kernel_time')) {
      kernels.push({ ts: raw.ts, e: { name: raw.name.slice(0, -'_kernel_time'.length), op: typeof raw.args?.op_name === 'string' ? raw.args.op_name : '?', durUs: raw.dur } });
    }
  }
  if (runs.length === 0) throw new ProfileFormatError(file, 'no model_run event');
  runs.sort((a, b) => a.ts - b.ts);
  kernels.sort((a, b) => a.ts - b.ts);
  let r = 0;
  for (const k of kernels) {
    while (r < runs.length && k.ts > runs[r].end) r++;
    if (r < runs.length && k.ts >= runs[r].ts) runs[r].kernels.push(k.e);
  }
  return runs.map(({ durUs, kernels: ks }) => ({ durUs, kernels: ks }));
}

/** The graph node an onnxruntime node name comes from, or undefined for one onnxruntime inserted. */
export function nodeOfName(name: string, byPath: ReadonlyMap<string, number>): number | undefined {
  let base = name.split('/')[0];
  for (const suffix of ['_nchwc', '_fused']) if (base.endsWith(suffix)) base = base.slice(0, -suffix.length);
  for (let p = base; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const id = byPath.get(p);
    if (id !== undefined) return id;
  }
  return undefined;
}

export interface NodeTime {
  /** The graph node's path. */
  path: string;
  /** The op onnxruntime ran (Conv for a fused conv + BN + ReLU, ReorderOutput for a layout conversion). */
  op: string;
  /** onnxruntime's node name. */
  onnx_name: string;
  ms: number;
}

export interface GroupTime {
  path: string;
  kind: string;
  label: string;
  ms: number;
  /** MACs of the group for the whole batch. */
  macs: number;
  /** Achieved GFLOP/s: 2 · MACs / time. */
  gflops: number;
  share: number;
}

export interface RunBreakdown {
  nodes: NodeTime[];
  groups: GroupTime[];
  /** Sum of the kernel times (ms); the rest of the run is the executor's own time. */
  kernel_ms: number;
  /** Kernel time that could not be charged to any graph node (ms). */
  unmapped_ms: number;
}

/** Charges every kernel of `run` to a graph node, then sums per group (subtree) with MACs × batch. */
export function breakdown(graph: Graph, analysis: Analysis, run: ProfiledRun, batch: number): RunBreakdown {
  const byPath = new Map(graph.nodes.map((n) => [n.path, n.id]));
  const owners = run.kernels.map((k) => nodeOfName(k.name, byPath));
  // Inserted conversions: the node before them, ReorderInput the node after (it feeds it).
  for (let i = 0; i < owners.length; i++) {
    if (owners[i] !== undefined) continue;
    const before = owners.slice(0, i).reverse().find((o) => o !== undefined);
    const after = owners.slice(i + 1).find((o) => o !== undefined);
    owners[i] = run.kernels[i].op === 'ReorderInput' ? (after ?? before) : (before ?? after);
  }
  const nodeMs = new Float64Array(graph.nodes.length);
  const nodes: NodeTime[] = [];
  let unmapped = 0;
  let kernelMs = 0;
  run.kernels.forEach((k, i) => {
    const ms = k.durUs / 1000;
    kernelMs += ms;
    const owner = owners[i];
    if (owner === undefined) {
      unmapped += ms;
      return;
    }
    nodeMs[owner] += ms;
    nodes.push({ path: graph.nodes[owner].path, op: k.op, onnx_name: k.name, ms });
  });
  const groupMs = new Float64Array(graph.groups.length);
  for (let g = graph.groups.length - 1; g >= 0; g--) {
    const group = graph.groups[g];
    let ms = 0;
    for (const id of group.nodes) ms += nodeMs[id];
    for (const c of group.children) ms += groupMs[c];
    groupMs[g] = ms;
  }
  const total = groupMs[0] || 1;
  const groups = graph.groups
    .filter((g) => g.kind !== 'model')
    .map((g): GroupTime => {
      const macs = analysis.groups[g.id].macs * batch;
      const ms = groupMs[g.id];
      return { path: g.path, kind: g.kind, label: g.label, ms, macs, gflops: ms > 0 ? (2 * macs) / (ms / 1000) / 1e9 : 0, share: ms / total };
    });
  return { nodes, groups, kernel_ms: kernelMs, unmapped_ms: unmapped };
}

/** The index of the median run by duration (the lower median for an even count). */
export function medianRunIndex(runs: readonly ProfiledRun[]): number {
  const order = runs.map((r, i) => [r.durUs, i] as const).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)][1];
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
