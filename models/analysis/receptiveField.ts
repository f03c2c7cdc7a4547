// Theoretical receptive fields in input pixels, as in "Computing Receptive Fields of
// Convolutional Neural Networks" (Araujo, Norris, Sim; Distill 2019). Along a path, a layer of
// kernel k, dilation d, stride s and padding p maps (r, j, P) to
//   r ← r + (k − 1)·d·j,   P ← P + p·j,   j ← j·s
// where r is the receptive field size, j the jump (effective stride) and P the effective padding.
// Where paths merge (residual add, concatenation, Res2Net's hierarchical adds) the largest r is
// the size and the smallest r is reported as `min`. A global-average-pool output depends on the
// whole image: it is `global`, and where such a branch gates a local path (SE, split attention)
// the local numbers are kept and `globalContext` is flagged. All kernels here are square, so one
// dimension describes both.
import type { GraphNode } from '../graph/types';

export interface ReceptiveField {
  /** Largest receptive field over all paths, in input pixels; null once the node sees the whole image. */
  readonly size: number | null;
  /** Smallest receptive field over all paths, in input pixels. */
  readonly min: number | null;
  /** Jump: input pixels between adjacent output units (the output stride). */
  readonly stride: number | null;
  /** Effective padding in input pixels, along the path of the largest receptive field. */
  readonly padding: number | null;
  /** Effective padding in input pixels along the path of the smallest receptive field (its box: jump·i − minPadding). */
  readonly minPadding: number | null;
  /** The node's output depends on the whole image (global pooling and what follows it). */
  readonly global: boolean;
  /** A global branch (an SE or split-attention gate) modulates this node's output. */
  readonly globalContext: boolean;
}

const INPUT: ReceptiveField = { size: 1, min: 1, stride: 1, padding: 0, minPadding: 0, global: false, globalContext: false };
const GLOBAL: ReceptiveField = { size: null, min: null, stride: null, padding: null, minPadding: null, global: true, globalContext: false };

export function receptiveFields(nodes: readonly GraphNode[]): ReceptiveField[] {
  const out: ReceptiveField[] = [];
  for (const node of nodes) out.push(step(node, node.inputs.map((i) => out[i])));
  return out;
}

function step(node: GraphNode, ins: ReceptiveField[]): ReceptiveField {
  const a = node.attrs;
  switch (a.op) {
    case 'input':
      return INPUT;
    case 'conv':
      return window(ins[0], a.kernel[0], a.dilation[0], a.stride[0], a.padding[0]);
    case 'maxpool':
    case 'avgpool':
      return window(ins[0], a.kernel[0], 1, a.stride[0], a.padding[0]);
    case 'blurpool':
      return window(ins[0], a.filterSize, 1, a.stride, a.padding);
    case 'globalavgpool':
      return { ...GLOBAL, globalContext: ins[0].globalContext };
    case 'add':
    case 'concat':
    case 'mul':
      return merge(ins);
    default:
      // Element-wise and channel-only ops (norms, activations, split, flatten, linear) keep the field.
      return ins[0];
  }
}

function window(r: ReceptiveField, k: number, d: number, s: number, p: number): ReceptiveField {
  if (r.global || r.size === null || r.min === null || r.stride === null || r.padding === null || r.minPadding === null) return r;
  return {
    size: r.size + (k - 1) * d * r.stride,
    min: r.min + (k - 1) * d * r.stride,
    stride: r.stride * s,
    padding: r.padding + p * r.stride,
    minPadding: r.minPadding + p * r.stride,
    global: false,
    globalContext: r.globalContext,
  };
}

function merge(ins: ReceptiveField[]): ReceptiveField {
  const local = ins.filter((r) => !r.global);
  const globalContext = ins.some((r) => r.global || r.globalContext);
  if (local.length === 0) return { ...GLOBAL, globalContext };
  let widest = local[0];
  let narrowest = local[0];
  for (const r of local) {
    if ((r.size ?? 0) > (widest.size ?? 0)) widest = r;
    if ((r.min ?? Infinity) < (narrowest.min ?? Infinity)) narrowest = r;
  }
  return {
    size: widest.size,
    min: narrowest.min,
    stride: Math.max(...local.map((r) => r.stride ?? 0)),
    padding: widest.padding,
    minPadding: narrowest.minPadding,
    global: false,
    globalContext,
  };
}
