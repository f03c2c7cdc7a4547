// Numbers for one PyTorch layer (nn.Conv2d, nn.Linear, nn.BatchNorm2d) taken from the engine:
// the layer is built as a one-layer graph with the engine's GraphBuilder and analyzed, so params,
// MACs and receptive-field steps follow exactly the conventions of every other surface.
// Pure: no vscode import.
import { analyze, GraphBuilder, type Analysis } from '../../models';

type Pair = readonly [number, number];

export interface ConvArgs {
  inChannels: number;
  outChannels: number;
  kernel: Pair;
  stride: Pair;
  /** Numeric padding, or PyTorch's 'same' / 'valid' (padding changes neither params nor MACs per output pixel). */
  padding: Pair | 'same' | 'valid';
  dilation: Pair;
  groups: number;
  bias: boolean;
}

export interface ConvStats {
  /** Learnable parameters: weight (+ bias). */
  readonly params: number;
  readonly weightParams: number;
  readonly biasParams: number;
  /** MACs per output pixel (per spatial position of the output map, all output channels). */
  readonly macsPerPixel: number;
  /** Per dimension [H, W]: receptive-field growth in units of the incoming jump, (k − 1)·d. */
  readonly rfGrowth: Pair;
  /** Per dimension [H, W]: the factor the layer multiplies the jump by (its stride). */
  readonly jumpFactor: Pair;
}

export interface LinearStats {
  readonly params: number;
  readonly weightParams: number;
  readonly biasParams: number;
  /** MACs per input vector (one sample). */
  readonly macs: number;
}

export interface BatchNormStats {
  readonly params: number;
  /** Non-learnable tensors: running mean and variance (C each) and num_batches_tracked (1). */
  readonly bufferElements: number;
  /** MACs per output pixel: 0 (BatchNorm is counted in the FLOPs ledger, not as MACs). */
  readonly macsPerPixel: number;
  /** Inference FLOPs per output element (scale and shift), from the engine's ledger. */
  readonly flopsPerElement: number;
}

/** Returns undefined when PyTorch would reject the arguments (the engine's checks agree). */
export function convStats(c: ConvArgs): ConvStats | undefined {
  if (![c.inChannels, c.outChannels, c.groups, ...c.kernel, ...c.stride, ...c.dilation].every((v) => Number.isInteger(v) && v >= 1)) return undefined;
  if (c.padding !== 'same' && c.padding !== 'valid' && !c.padding.every((v) => Number.isInteger(v) && v >= 0)) return undefined;
  // PyTorch: padding='same' is not supported for strided convolutions.
  if (c.padding === 'same' && (c.stride[0] !== 1 || c.stride[1] !== 1)) return undefined;
  const h = one(c);
  // The engine's receptive field follows the first spatial dimension: a transposed layer gives the second.
  const w = one({ ...c, kernel: swap(c.kernel), stride: swap(c.stride), dilation: swap(c.dilation), padding: typeof c.padding === 'string' ? c.padding : swap(c.padding) });
  if (!h || !w) return undefined;
  return { ...h.stats, rfGrowth: [h.growth, w.growth], jumpFactor: [h.jump, w.jump] };
}

function one(c: ConvArgs): { stats: Omit<ConvStats, 'rfGrowth' | 'jumpFactor'>; growth: number; jump: number } | undefined {
  const padding: Pair = typeof c.padding === 'string' ? [0, 0] : c.padding;
  // The smallest input that leaves a non-empty output; MACs are divided by the output pixels.
  const input: Pair = [c.dilation[0] * (c.kernel[0] - 1) + 1, c.dilation[1] * (c.kernel[1] - 1) + 1];
  const a = tryAnalyze(input, c.inChannels, (b, x) =>
    b.conv('conv', x, { out: c.outChannels, kernel: c.kernel, stride: c.stride, padding, dilation: c.dilation, groups: c.groups, bias: c.bias }),
  );
  if (!a) return undefined;
  const node = a.graph.nodes.length - 1;
  const s = a.nodes[node];
  const pixels = s.shape[1] * s.shape[2];
  const weight = a.graph.nodes[node].tensors.find((t) => t.key.endsWith('.weight'));
  const weightParams = weight ? weight.shape.reduce((p, v) => p * v, 1) : 0;
  if (s.rf.size === null || s.rf.stride === null) return undefined;
  return {
    stats: { params: s.params, weightParams, biasParams: s.params - weightParams, macsPerPixel: s.macs / pixels },
    growth: s.rf.size - 1,
    jump: s.rf.stride,
  };
}

export function linearStats(inFeatures: number, outFeatures: number, bias: boolean): LinearStats | undefined {
  if (![inFeatures, outFeatures].every((v) => Number.isInteger(v) && v >= 1)) return undefined;
  const a = tryAnalyze([1, 1], inFeatures, (b, x) => b.linear('fc', b.flatten('flatten', b.globalAvgPool('pool', x)), outFeatures, { bias }));
  if (!a) return undefined;
  const node = a.graph.nodes.length - 1;
  const s = a.nodes[node];
  const weightParams = a.graph.nodes[node].tensors.filter((t) => t.key.endsWith('.weight')).reduce((p, t) => p + t.shape.reduce((q, v) => q * v, 1), 0);
  return { params: s.params, weightParams, biasParams: s.params - weightParams, macs: s.macs };
}

export function batchNormStats(channels: number): BatchNormStats | undefined {
  if (!Number.isInteger(channels) || channels < 1) return undefined;
  const a = tryAnalyze([1, 1], channels, (b, x) => b.batchnorm('bn', x));
  if (!a) return undefined;
  const node = a.graph.nodes.length - 1;
  const s = a.nodes[node];
  const elements = s.shape.reduce((p, v) => p * v, 1);
  const bufferElements = a.graph.nodes[node].tensors.filter((t) => !t.learnable).reduce((p, t) => p + t.shape.reduce((q, v) => q * v, 1), 0);
  return { params: s.params, bufferElements, macsPerPixel: s.macs, flopsPerElement: (s.flops.batchnorm ?? 0) / elements };
}

/** Builds input → layer and analyzes it; undefined if the engine rejects the layer. */
function tryAnalyze(input: Pair, channels: number, layer: (b: GraphBuilder, x: ReturnType<GraphBuilder['input']>) => ReturnType<GraphBuilder['input']>): Analysis | undefined {
  try {
    const b = new GraphBuilder('layer');
    return analyze(b.finish(layer(b, b.input(channels))), input);
  } catch {
    return undefined;
  }
}

function swap(p: Pair): Pair {
  return [p[1], p[0]];
}
