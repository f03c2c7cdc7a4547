// Output shapes for any input H×W with PyTorch's rules: floor for conv and pooling, ceil_mode
// where a pool sets it (with PyTorch's rule that the last window must start inside the input
// or its left padding). Feature maps are [C, H, W]; flatten and linear give [features].
import * as l10n from '@vscode/l10n';
import { InputTooSmallError, InvalidConfigError } from '../errors';
import type { Graph, GraphNode, Pair } from '../graph/types';

export type Shape = readonly number[];

export function computeShapes(graph: Graph, input: readonly [number, number]): Shape[] {
  const shapes: Shape[] = [];
  for (const node of graph.nodes) shapes.push(outputShape(node, node.inputs.map((i) => shapes[i]), input));
  return shapes;
}

function outputShape(node: GraphNode, ins: Shape[], input: readonly [number, number]): Shape {
  const a = node.attrs;
  const spatial = (): [number, number] => {
    const s = ins[0];
    if (s.length !== 3) throw new InvalidConfigError(node.path, l10n.t('expects a C×H×W feature map, got shape [{0}]', s.join(', ')));
    return [s[1], s[2]];
  };
  const tooSmall = (detail: string): never => {
    throw new InputTooSmallError(input, node.path, detail);
  };
  switch (a.op) {
    case 'input':
      return [a.channels, input[0], input[1]];
    case 'conv': {
      const [h, w] = spatial();
      const out = [0, 1].map((d) => Math.floor((([h, w][d] + 2 * a.padding[d] - a.dilation[d] * (a.kernel[d] - 1) - 1) / a.stride[d])) + 1);
      if (out[0] < 1 || out[1] < 1) tooSmall(l10n.t('a {0}×{1} conv on a {2}×{3} map leaves {4}×{5}', a.kernel[0], a.kernel[1], h, w, out[0], out[1]));
      return [a.outChannels, out[0], out[1]];
    }
    case 'maxpool':
    case 'avgpool': {
      const [h, w] = spatial();
      const out = [poolSize(h, a.kernel, a.stride, a.padding, a.ceilMode, 0), poolSize(w, a.kernel, a.stride, a.padding, a.ceilMode, 1)];
      if (out[0] < 1 || out[1] < 1) tooSmall(l10n.t('a {0}×{1} pool on a {2}×{3} map leaves {4}×{5}', a.kernel[0], a.kernel[1], h, w, out[0], out[1]));
      return [ins[0][0], out[0], out[1]];
    }
    case 'blurpool': {
      const [h, w] = spatial();
      // Reflect padding needs more input than padding on each side (torch: "Padding size should be less than the corresponding input dimension").
      if (h <= a.padding || w <= a.padding) tooSmall(l10n.t('reflect padding of {0} on a {1}×{2} map', a.padding, h, w));
      const out = [h, w].map((v) => Math.floor((v + 2 * a.padding - a.filterSize) / a.stride) + 1);
      return [ins[0][0], out[0], out[1]];
    }
    case 'globalavgpool':
      spatial();
      return [ins[0][0], 1, 1];
    case 'flatten':
      return [ins[0].reduce((p, v) => p * v, 1)];
    case 'linear':
      if (ins[0].length !== 1 || ins[0][0] !== a.inFeatures) throw new InvalidConfigError(node.path, l10n.t('expects {0} features, got [{1}]', a.inFeatures, ins[0].join(', ')));
      return [a.outFeatures];
    case 'split': {
      const [h, w] = spatial();
      return [a.channels, h, w];
    }
    case 'concat': {
      const [h, w] = spatial();
      for (const s of ins) if (s[1] !== h || s[2] !== w) tooSmall(l10n.t('cannot concatenate {0}×{1} and {2}×{3} maps', h, w, s[1], s[2]));
      return [ins.reduce((c, s) => c + s[0], 0), h, w];
    }
    case 'add':
      for (const s of ins) if (!sameShape(s, ins[0])) tooSmall(l10n.t('cannot add [{0}] and [{1}]: the branches downsample differently at this size', ins[0].join(', '), s.join(', ')));
      return ins[0];
    case 'mul':
      if (ins[1][0] !== ins[0][0]) throw new InvalidConfigError(node.path, l10n.t('gate of {0} channels for {1}', ins[1][0], ins[0][0]));
      return ins[0];
    case 'batchnorm':
    case 'instancenorm':
    case 'groupnorm':
    case 'relu':
    case 'sigmoid':
    case 'rsoftmax':
      return ins[0];
  }
}

/** torch's pooling_output_shape for one dimension. */
function poolSize(size: number, kernel: Pair, stride: Pair, padding: Pair, ceil: boolean, d: 0 | 1): number {
  const k = kernel[d];
  const s = stride[d];
  const p = padding[d];
  const span = size + 2 * p - (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= size + p) out -= 1;
  return out;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
