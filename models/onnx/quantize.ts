// Static int8 quantization of an exported model, in ONNX's QDQ form (QuantizeLinear /
// DequantizeLinear pairs around float ops), which onnxruntime fuses into its integer kernels
// (QLinearConv, QLinearAdd, uint8 MaxPool; VNNI/AMX on CPUs that have them):
//  1. foldBatchNorm: a BatchNormalization that follows a Conv (its only consumer) is folded into
//     the conv's weight and bias (W·γ/√(σ²+ε), (b − μ)·γ/√(σ²+ε) + β), as PyTorch's fusion does.
//  2. quantizationPoints: the activations to quantize — the input of every spatial conv and the
//     output of every conv and residual add. A ReLU that is the only consumer of one is absorbed:
//     quantizing with zero point 0 clamps at 0 exactly as the ReLU would.
//  3. quantizeOnnx: per-tensor asymmetric uint8 activations (scale and zero point from calibrated
//     ranges), per-output-channel symmetric 8-bit conv weights in ±127, stored as int8, or as
//     uint8 around a zero point of 128 (the same values) where the CPU's uint8 × int8 kernels
//     would saturate (inference/int8Kernels.ts), int32 biases at the input scale ×
//     the weight scale (what QLinearConv expects). A max pool of a quantized tensor keeps its
//     scale (the max of quantized values is one of them). Everything else (the classifier,
//     SE / split-attention gates on pooled vectors, concatenation, splits) stays float on
//     dequantized inputs.
import * as l10n from '@vscode/l10n';
import { DTYPE } from './onnxSchema';
import { INPUT_NAME, type Attr, type OnnxGraph, type OnnxNode, type OnnxTensor } from './onnxGraph';
import { CodedError, type ErrorCode } from '../../shared/errors';

/** The range of an activation tensor seen during calibration (any sign). */
export interface ActivationRange {
  readonly min: number;
  readonly max: number;
}

export class QuantizationError extends CodedError {
  readonly code: ErrorCode = 'quantization';
}

const floatsOf = (t: OnnxTensor): Float32Array => {
  const raw = t.raw_data;
  if (!raw || t.data_type !== DTYPE.FLOAT) throw new QuantizationError(l10n.t('{0}: expected a float32 initializer', t.name));
  // A copy: decoded bytes may be a view at any offset (a Float32Array needs a multiple of 4).
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  return new Float32Array(copy.buffer);
};
const bytesOf = (a: Float32Array | Int32Array | Int8Array | Uint8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Folds every Conv → BatchNormalization pair (the conv's output used by the BN alone). */
export function foldBatchNorm(g: OnnxGraph): OnnxGraph {
  const inits = new Map(g.initializers.map((t) => [t.name, t]));
  const uses = consumers(g.nodes);
  const producer = new Map(g.nodes.flatMap((n) => n.output.map((o) => [o, n] as const)));
  const dropped = new Set<OnnxNode>();
  const replaced = new Map<OnnxNode, OnnxNode>();
  const newInits = new Map<string, OnnxTensor>();
  const eps = (n: OnnxNode): number => n.attribute.find((a) => a.name === 'epsilon')?.f ?? 1e-5;
  for (const bn of g.nodes) {
    if (bn.op_type !== 'BatchNormalization') continue;
    const conv = producer.get(bn.input[0]);
    if (!conv || conv.op_type !== 'Conv' || (uses.get(conv.output[0])?.length ?? 0) !== 1) continue;
    const [gamma, beta, mean, variance] = bn.input.slice(1).map((name) => {
      const t = inits.get(name);
      if (!t) throw new QuantizationError(l10n.t('{0}: {1} is not an initializer', bn.name, name));
      return floatsOf(t);
    });
    const wInit = inits.get(conv.input[1]);
    if (!wInit) throw new QuantizationError(l10n.t('{0}: its weight is not an initializer', conv.name));
    const w = floatsOf(wInit);
    const channels = wInit.dims[0];
    const perChannel = w.length / channels;
    const bias = conv.input[2] !== undefined ? floatsOf(inits.get(conv.input[2]) as OnnxTensor) : new Float32Array(channels);
    const fw = new Float32Array(w.length);
    const fb = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      // In float64, then rounded once: closer to the unfused float32 model than float32 steps.
      const k = gamma[c] / Math.sqrt(variance[c] + eps(bn));
      for (let i = c * perChannel; i < (c + 1) * perChannel; i++) fw[i] = w[i] * k;
      fb[c] = (bias[c] - mean[c]) * k + beta[c];
    }
    const wName = `${conv.input[1]}.folded`;
    const bName = `${conv.name}.bias.folded`;
    newInits.set(wName, { name: wName, dims: [...wInit.dims], data_type: DTYPE.FLOAT, raw_data: bytesOf(fw) });
    newInits.set(bName, { name: bName, dims: [channels], data_type: DTYPE.FLOAT, raw_data: bytesOf(fb) });
    replaced.set(conv, { ...conv, input: [conv.input[0], wName, bName], output: [bn.output[0]] });
    dropped.add(bn);
  }
  const nodes = g.nodes.filter((n) => !dropped.has(n)).map((n) => replaced.get(n) ?? n);
  const used = new Set(nodes.flatMap((n) => n.input));
  const initializers = [...g.initializers, ...newInits.values()].filter((t) => used.has(t.name));
  return { ...g, nodes, initializers };
}

/** Where a quantized activation comes from and how it is calibrated. */
interface Point {
  /** The float tensor that is quantized (a conv or add output, a conv input). */
  readonly tensor: string;
  /** The tensor whose calibrated range gives the scale: the absorbed ReLU's output, or `tensor`. */
  readonly rangeOf: string;
  /** The ReLU folded into this point (dropped from the graph), if any. */
  readonly relu?: OnnxNode;
}

function consumers(nodes: readonly OnnxNode[]): Map<string, OnnxNode[]> {
  const m = new Map<string, OnnxNode[]>();
  for (const n of nodes) for (const i of n.input) (m.get(i) ?? m.set(i, []).get(i))?.push(n);
  return m;
}

/** True where a tensor is a pooled vector (N × C × 1 × 1): an SE or split-attention gate's input. */
function pooled(tensor: string, producer: ReadonlyMap<string, OnnxNode>, depth = 0): boolean {
  const p = producer.get(tensor);
  if (!p || depth > 8) return false;
  if (p.op_type === 'GlobalAveragePool') return true;
  return ['Relu', 'BatchNormalization', 'Conv', 'Sigmoid'].includes(p.op_type) && pooled(p.input[0], producer, depth + 1);
}

/** The activations quantizeOnnx quantizes, in graph order (calibrate each `rangeOf`). */
export function quantizationPoints(g: OnnxGraph): Point[] {
  const uses = consumers(g.nodes);
  const producer = new Map(g.nodes.flatMap((n) => n.output.map((o) => [o, n] as const)));
  const points = new Map<string, Point>();
  const add = (tensor: string): void => {
    if (points.has(tensor)) return;
    const only = uses.get(tensor);
    const relu = only?.length === 1 && only[0].op_type === 'Relu' ? only[0] : undefined;
    points.set(tensor, relu ? { tensor, rangeOf: relu.output[0], relu } : { tensor, rangeOf: tensor });
  };
  for (const n of g.nodes) {
    if (n.op_type === 'Conv' && !pooled(n.input[0], producer)) {
      add(n.input[0]);
      add(n.output[0]);
    } else if (n.op_type === 'Add' && n.input.length === 2) {
      n.input.forEach(add);
      add(n.output[0]);
    }
  }
  // A conv input that is an absorbed ReLU's output is already quantized at the ReLU's producer.
  const absorbed = new Map([...points.values()].filter((p) => p.relu).map((p) => [p.rangeOf, p] as const));
  return [...points.values()].filter((p) => !absorbed.has(p.tensor));
}

/** uint8 asymmetric parameters for a range (widened to include 0, as QLinear ops require). */
export function uint8Params(r: ActivationRange): { scale: number; zeroPoint: number } {
  const lo = Math.min(0, r.min);
  const hi = Math.max(0, r.max);
  const scale = hi > lo ? Math.fround((hi - lo) / 255) : 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  return { scale, zeroPoint };
}

/**
 * The QDQ int8 model of a BN-folded graph (foldBatchNorm) with calibrated ranges for every
 * point's `rangeOf` (quantizationPoints). Throws QuantizationError when a range is missing.
 */
/**
 * How the symmetric conv weights (−127 … 127 times a per-channel scale) are stored: as int8, or
 * as uint8 with zero point 128, which steers onnxruntime to its uint8 × uint8 kernels.
 */
export type WeightFormat = 'int8' | 'uint8';

export function quantizeOnnx(folded: OnnxGraph, ranges: ReadonlyMap<string, ActivationRange>, weightFormat: WeightFormat = 'int8'): OnnxGraph {
  const points = quantizationPoints(folded);
  const inits = new Map(folded.initializers.map((t) => [t.name, t]));
  const initializers: OnnxTensor[] = [...folded.initializers];
  const nodes: OnnxNode[] = [];
  /** Float tensor → its dequantized replacement, and the uint8 parameters it was quantized with. */
  const dq = new Map<string, { name: string; scale: string; zeroPoint: string; scaleValue: number }>();
  const droppedRelu = new Set(points.flatMap((p) => (p.relu ? [p.relu] : [])));
  const reluAlias = new Map(points.flatMap((p) => (p.relu ? [[p.relu.output[0], p.tensor] as const] : [])));
  const pointOf = new Map(points.map((p) => [p.tensor, p]));
  const scalar = (name: string, value: number, type: 'float' | 'uint8'): string => {
    if (!inits.has(name)) {
      const t: OnnxTensor =
        type === 'float'
          ? { name, dims: [], data_type: DTYPE.FLOAT, raw_data: bytesOf(Float32Array.of(value)) }
          : { name, dims: [], data_type: DTYPE.UINT8, raw_data: Uint8Array.of(value) };
      inits.set(name, t);
      initializers.push(t);
    }
    return name;
  };
  const quantize = (tensor: string, params: { scale: number; zeroPoint: number }): void => {
    const scale = scalar(`${tensor}.q.scale`, params.scale, 'float');
    const zeroPoint = scalar(`${tensor}.q.zero_point`, params.zeroPoint, 'uint8');
    nodes.push({ op_type: 'QuantizeLinear', name: `${tensor}.quantize`, input: [tensor, scale, zeroPoint], output: [`${tensor}.q`], attribute: [] });
    nodes.push({ op_type: 'DequantizeLinear', name: `${tensor}.dequantize`, input: [`${tensor}.q`, scale, zeroPoint], output: [`${tensor}.dq`], attribute: [] });
    dq.set(tensor, { name: `${tensor}.dq`, scale, zeroPoint, scaleValue: params.scale });
  };
  const quantizePoint = (tensor: string): void => {
    const p = pointOf.get(tensor);
    if (!p) return;
    const r = ranges.get(p.rangeOf);
    if (!r || !Number.isFinite(r.min) || !Number.isFinite(r.max)) throw new QuantizationError(l10n.t('no calibrated range for {0}', p.rangeOf));
    // An absorbed ReLU clamps at 0: its range starts at 0, so the zero point is 0.
    quantize(tensor, uint8Params(p.relu ? { min: 0, max: r.max } : r));
  };
  /** The quantized form of a float tensor (through an absorbed ReLU), if it has one. */
  const quantized = (name: string) => dq.get(reluAlias.get(name) ?? name);
  /** What a consumer reads for `name`: the dequantized tensor where there is one. */
  const read = (name: string): string => quantized(name)?.name ?? reluAlias.get(name) ?? name;

  quantizePoint(INPUT_NAME);
  for (const n of folded.nodes) {
    if (droppedRelu.has(n)) continue;
    const src = quantized(n.input[0]);
    if (n.op_type === 'Conv' && src && inits.has(n.input[1])) {
      nodes.push(...quantizedConv(n, src.scaleValue, weightFormat, read, inits, initializers));
    } else if (n.op_type === 'MaxPool' && src) {
      // The max of quantized values is one of them: same scale and zero point, no calibration.
      nodes.push({ ...n, input: [src.name] });
      const out = n.output[0];
      nodes.push({ op_type: 'QuantizeLinear', name: `${out}.quantize`, input: [out, src.scale, src.zeroPoint], output: [`${out}.q`], attribute: [] });
      nodes.push({ op_type: 'DequantizeLinear', name: `${out}.dequantize`, input: [`${out}.q`, src.scale, src.zeroPoint], output: [`${out}.dq`], attribute: [] });
      dq.set(out, { name: `${out}.dq`, scale: src.scale, zeroPoint: src.zeroPoint, scaleValue: src.scaleValue });
      continue;
    } else {
      nodes.push({ ...n, input: n.input.map(read) });
    }
    quantizePoint(n.output[0]);
  }
  const used = new Set(nodes.flatMap((n) => n.input));
  return { ...folded, nodes, initializers: initializers.filter((t) => used.has(t.name)) };
}

/** The largest quantized weight magnitude (symmetric: −127 … 127, so int8 and uint8 − 128 hold the same values). */
const WEIGHT_MAX = 127;

/** A conv on a quantized input: 8-bit per-channel weights and an int32 bias, dequantized, then the conv. */
function quantizedConv(n: OnnxNode, inputScale: number, weightFormat: WeightFormat, read: (name: string) => string, inits: Map<string, OnnxTensor>, out: OnnxTensor[]): OnnxNode[] {
  const wInit = inits.get(n.input[1]) as OnnxTensor;
  const w = floatsOf(wInit);
  const channels = wInit.dims[0];
  const perChannel = w.length / channels;
  const wq = weightFormat === 'int8' ? new Int8Array(w.length) : new Uint8Array(w.length);
  const zero = weightFormat === 'int8' ? 0 : 128;
  const wScale = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let m = 0;
    for (let i = c * perChannel; i < (c + 1) * perChannel; i++) m = Math.max(m, Math.abs(w[i]));
    // A channel of zeros still needs a positive scale; its values quantize to 0 either way.
    const s = m > 0 ? Math.fround(m / WEIGHT_MAX) : 1;
    wScale[c] = s;
    for (let i = c * perChannel; i < (c + 1) * perChannel; i++) wq[i] = zero + Math.max(-WEIGHT_MAX, Math.min(WEIGHT_MAX, Math.round(w[i] / s)));
  }
  const base = n.input[1];
  const tensors: OnnxTensor[] = [
    { name: `${base}.int8`, dims: [...wInit.dims], data_type: weightFormat === 'int8' ? DTYPE.INT8 : DTYPE.UINT8, raw_data: bytesOf(wq) },
    { name: `${base}.scale`, dims: [channels], data_type: DTYPE.FLOAT, raw_data: bytesOf(wScale) },
    { name: `${base}.zero_point`, dims: [channels], data_type: weightFormat === 'int8' ? DTYPE.INT8 : DTYPE.UINT8, raw_data: new Uint8Array(channels).fill(zero) },
  ];
  const axis0: Attr[] = [{ name: 'axis', type: 2, i: 0 }];
  const dqNodes: OnnxNode[] = [{ op_type: 'DequantizeLinear', name: `${base}.dequantize`, input: [`${base}.int8`, `${base}.scale`, `${base}.zero_point`], output: [`${base}.dq`], attribute: axis0 }];
  const inputs = [read(n.input[0]), `${base}.dq`];
  if (n.input[2] !== undefined) {
    const b = floatsOf(inits.get(n.input[2]) as OnnxTensor);
    const bq = new Int32Array(channels);
    const bScale = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      bScale[c] = Math.fround(inputScale * wScale[c]);
      bq[c] = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round(b[c] / bScale[c])));
    }
    const bb = n.input[2];
    tensors.push(
      { name: `${bb}.int32`, dims: [channels], data_type: DTYPE.INT32, raw_data: bytesOf(bq) },
      { name: `${bb}.scale`, dims: [channels], data_type: DTYPE.FLOAT, raw_data: bytesOf(bScale) },
      { name: `${bb}.zero_point`, dims: [channels], data_type: DTYPE.INT32, raw_data: new Uint8Array(channels * 4) },
    );
    dqNodes.push({ op_type: 'DequantizeLinear', name: `${bb}.dequantize`, input: [`${bb}.int32`, `${bb}.scale`, `${bb}.zero_point`], output: [`${bb}.dq`], attribute: axis0 });
    inputs.push(`${bb}.dq`);
  }
  for (const t of tensors) {
    inits.set(t.name, t);
    out.push(t);
  }
  return [...dqNodes, { ...n, input: inputs }];
}
