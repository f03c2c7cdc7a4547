// Layer graph (IR) + weights → ONNX model bytes (opset 17, IR version 8, dynamic batch and
// spatial size). One ONNX node per IR node (rSoftmax: Reshape → Transpose → Softmax → Reshape),
// BatchNormalization kept as its own op (onnxruntime folds it into the conv when optimising).
// Tensor names are the IR's module paths; initializers are named by their state-dict keys.
// Where the head is global average pool + linear, a second output `features` is the pool's input
// (the last feature map, N × C × h × w), so a class activation map needs no second run; the
// `backbone_lens.cam` metadata names it and the classifier's weight initializer. Consumers that
// read only the first output (`logits`) see the same model as before.
import * as l10n from '@vscode/l10n';
import { camHead } from '../analysis/camHead';
import type { Graph, GraphNode, OpAttrs, Pair } from '../graph/types';
import type { ModelWeights } from '../weights/fitWeights';
import { CAM_METADATA_KEY, encodeOnnx, FEATURES_NAME, INPUT_NAME, OUTPUT_NAME, type Attr, type ExportOptions, type OnnxGraph, type OnnxNode, type OnnxOutput, type OnnxTensor } from './onnxGraph';
import { ATTR, DTYPE } from './onnxSchema';
import { CodedError, type ErrorCode } from '../../shared/errors';

export { CAM_METADATA_KEY, EXPORTER_VERSION, FEATURES_NAME, INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, OUTPUT_NAME, type ExportOptions } from './onnxGraph';

/** What a reader of the exported model needs to compute CAM_k = Σ_c W[k, c] · F_c. */
export interface CamMetadata {
  /** The graph output holding F (N × channels × h × w). */
  readonly features: string;
  /** The initializer holding W (classes × channels, row-major float32). */
  readonly classifierWeight: string;
  readonly channels: number;
  readonly classes: number;
}

const ints = (name: string, v: readonly number[]): Attr => ({ name, type: ATTR.INTS, ints: [...v] });
const int = (name: string, v: number): Attr => ({ name, type: ATTR.INT, i: v });
const float = (name: string, v: number): Attr => ({ name, type: ATTR.FLOAT, f: v });
const str = (name: string, v: string): Attr => ({ name, type: ATTR.STRING, s: Uint8Array.from(v, (c) => c.charCodeAt(0)) }); // attribute values here are ASCII

/** timm's BlurPool2d filter: the outer product of the binomial row C(n−1, k) / 2^(n−1) with itself, one per channel. */
function blurFilter(channels: number, size: number): Float32Array {
  const row = Array.from({ length: size }, (_, k) => binomial(size - 1, k) / 2 ** (size - 1));
  const out = new Float32Array(channels * size * size);
  for (let c = 0; c < channels; c++) for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) out[(c * size + i) * size + j] = row[i] * row[j];
  return out;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Thrown when the graph and the weights disagree (a key missing): a bug in the caller, not the user's file. */
export class OnnxExportError extends CodedError {
  readonly code: ErrorCode = 'onnxExport';
}

export function exportOnnx(graph: Graph, weights: ModelWeights, opts: ExportOptions = {}): Uint8Array {
  return encodeOnnx(buildOnnxGraph(graph, weights), opts);
}

/** The graph's ONNX nodes and initializers (what exportOnnx encodes and quantizeOnnx rewrites). */
export function buildOnnxGraph(graph: Graph, weights: ModelWeights): OnnxGraph {
  const w = new OnnxWriter(graph, weights);
  for (const n of graph.nodes) emitNode(w, n);
  const outputs: OnnxOutput[] = [{ name: OUTPUT_NAME, dims: ['batch', graph.nodes[graph.outputNode].channels] }];
  const metadata: { key: string; value: string }[] = [];
  const head = camHead(graph);
  if (typeof head !== 'string') {
    // Identity gives the feature map a stable output name whatever its node's path.
    w.emit('Identity', FEATURES_NAME, [w.nameOf(head.featureNode)], FEATURES_NAME);
    outputs.push({ name: FEATURES_NAME, dims: ['batch', head.channels, 'feature_height', 'feature_width'] });
    const cam: CamMetadata = { features: FEATURES_NAME, classifierWeight: head.weightKey, channels: head.channels, classes: head.classes };
    metadata.push({ key: CAM_METADATA_KEY, value: JSON.stringify(cam) });
  }
  return { modelId: graph.modelId, nodes: w.nodes, initializers: w.initializers, inputChannels: graph.nodes[0].channels, outputs, metadata };
}

/** Collects ONNX nodes and initializers in emission order; constants are added once by name. */
class OnnxWriter {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly constNames = new Set<string>();

  constructor(
    private readonly graph: Graph,
    private readonly weights: ModelWeights,
  ) {}

  /** The ONNX value name of a node's output: the graph's input and output have fixed names, the rest their module path. */
  nameOf(id: number): string {
    return id === this.graph.outputNode ? OUTPUT_NAME : this.graph.nodes[id].attrs.op === 'input' ? INPUT_NAME : this.graph.nodes[id].path;
  }

  emit(op_type: string, name: string, input: string[], output: string, attribute: Attr[] = []): void {
    this.nodes.push({ op_type, name, input, output: [output], attribute });
  }

  /** The initializer of a node's state-dict tensor `<path>.<suffix>`. */
  tensorOf(n: GraphNode, suffix: string): string {
    const t = n.tensors.find((x) => x.key === `${n.path}.${suffix}`);
    if (!t) throw new OnnxExportError(l10n.t('{0} has no {1}', n.path, suffix));
    const data = this.weights.get(t.key);
    if (!data) throw new OnnxExportError(l10n.t('no weights for {0}', t.key));
    this.initializers.push({ name: t.key, dims: [...t.shape], data_type: DTYPE.FLOAT, raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return t.key;
  }

  floatConst(name: string, values: Float32Array, dims: readonly number[] = [values.length]): string {
    if (this.addConst(name)) this.initializers.push({ name, dims: [...dims], data_type: DTYPE.FLOAT, raw_data: new Uint8Array(values.buffer) });
    return name;
  }

  int64Const(values: readonly number[]): string {
    const name = `const.i64.${values.join('_')}`;
    if (this.addConst(name)) this.initializers.push({ name, dims: [values.length], data_type: DTYPE.INT64, int64_data: [...values] });
    return name;
  }

  private addConst(name: string): boolean {
    if (this.constNames.has(name)) return false;
    this.constNames.add(name);
    return true;
  }
}

/** ONNX `pads` of a 2-D conv or pool: [top, left, bottom, right] from PyTorch's symmetric (h, w) padding. */
const pads2d = (padding: Pair): Attr => ints('pads', [padding[0], padding[1], padding[0], padding[1]]);

/** One IR node as one ONNX node (a few where opset 17 has no single op). */
function emitNode(w: OnnxWriter, n: GraphNode): void {
  const a = n.attrs;
  const out = w.nameOf(n.id);
  const ins = n.inputs.map((id) => w.nameOf(id));
  switch (a.op) {
    case 'input':
      return;
    case 'conv': {
      const inputs = [ins[0], w.tensorOf(n, 'weight')];
      if (a.bias) inputs.push(w.tensorOf(n, 'bias'));
      return w.emit('Conv', n.path, inputs, out, [ints('kernel_shape', a.kernel), ints('strides', a.stride), pads2d(a.padding), ints('dilations', a.dilation), int('group', a.groups)]);
    }
    case 'batchnorm':
      return w.emit('BatchNormalization', n.path, [ins[0], w.tensorOf(n, 'weight'), w.tensorOf(n, 'bias'), w.tensorOf(n, 'running_mean'), w.tensorOf(n, 'running_var')], out, [float('epsilon', a.eps)]);
    case 'instancenorm': {
      const scale = a.affine ? w.tensorOf(n, 'weight') : w.floatConst(`const.ones.${a.channels}`, new Float32Array(a.channels).fill(1));
      const bias = a.affine ? w.tensorOf(n, 'bias') : w.floatConst(`const.zeros.${a.channels}`, new Float32Array(a.channels));
      return w.emit('InstanceNormalization', n.path, [ins[0], scale, bias], out, [float('epsilon', a.eps)]);
    }
    case 'groupnorm':
      return emitGroupNorm(w, n, a, ins[0], out);
    case 'blurpool': {
      const p = n.path;
      const pad = a.padding;
      // Pad's pads are [N, C, H, W begins, N, C, H, W ends]: reflect only H and W.
      w.emit('Pad', `${p}.pad`, [ins[0], w.int64Const([0, 0, pad, pad, 0, 0, pad, pad])], `${p}.padded`, [str('mode', 'reflect')]);
      const filter = w.floatConst(`const.blur.${a.channels}.${a.filterSize}`, blurFilter(a.channels, a.filterSize), [a.channels, 1, a.filterSize, a.filterSize]);
      return w.emit('Conv', p, [`${p}.padded`, filter], out, [ints('kernel_shape', [a.filterSize, a.filterSize]), ints('strides', [a.stride, a.stride]), int('group', a.channels)]);
    }
    case 'relu':
      return w.emit('Relu', n.path, ins, out);
    case 'sigmoid':
      return w.emit('Sigmoid', n.path, ins, out);
    case 'maxpool':
      return w.emit('MaxPool', n.path, ins, out, [ints('kernel_shape', a.kernel), ints('strides', a.stride), pads2d(a.padding), int('ceil_mode', a.ceilMode ? 1 : 0)]);
    case 'avgpool':
      return w.emit('AveragePool', n.path, ins, out, [ints('kernel_shape', a.kernel), ints('strides', a.stride), pads2d(a.padding), int('ceil_mode', a.ceilMode ? 1 : 0), int('count_include_pad', a.countIncludePad ? 1 : 0)]);
    case 'globalavgpool':
      return w.emit('GlobalAveragePool', n.path, ins, out);
    case 'flatten':
      return w.emit('Flatten', n.path, ins, out, [int('axis', 1)]);
    case 'linear': {
      const inputs = [ins[0], w.tensorOf(n, 'weight')];
      if (a.bias) inputs.push(w.tensorOf(n, 'bias'));
      return w.emit('Gemm', n.path, inputs, out, [int('transB', 1)]);
    }
    case 'add':
      return w.emit(ins.length === 2 ? 'Add' : 'Sum', n.path, ins, out);
    case 'concat':
      return w.emit('Concat', n.path, ins, out, [int('axis', 1)]);
    case 'split':
      return w.emit('Slice', n.path, [ins[0], w.int64Const([a.start]), w.int64Const([a.start + a.channels]), w.int64Const([1])], out);
    case 'mul':
      return w.emit('Mul', n.path, ins, out);
    case 'rsoftmax':
      return emitRSoftmax(w, n, a, ins[0], out);
  }
}

/**
 * Opset 17 has no GroupNormalization: normalise [N, groups, C/groups·H·W] with
 * InstanceNormalization (unit scale, zero shift), restore the shape, then the per-channel affine.
 */
function emitGroupNorm(w: OnnxWriter, n: GraphNode, a: Extract<OpAttrs, { op: 'groupnorm' }>, input: string, out: string): void {
  const p = n.path;
  w.emit('Reshape', `${p}.grouped`, [input, w.int64Const([0, a.groups, -1])], `${p}.grouped`);
  const ones = w.floatConst(`const.ones.${a.groups}`, new Float32Array(a.groups).fill(1));
  const zeros = w.floatConst(`const.zeros.${a.groups}`, new Float32Array(a.groups));
  w.emit('InstanceNormalization', `${p}.normalise`, [`${p}.grouped`, ones, zeros], `${p}.normalised`, [float('epsilon', a.eps)]);
  w.emit('Shape', `${p}.shape`, [input], `${p}.shape`);
  w.emit('Reshape', `${p}.ungrouped`, [`${p}.normalised`, `${p}.shape`], `${p}.ungrouped`);
  w.emit('Reshape', `${p}.scale`, [w.tensorOf(n, 'weight'), w.int64Const([-1, 1, 1])], `${p}.scale`);
  w.emit('Reshape', `${p}.shift`, [w.tensorOf(n, 'bias'), w.int64Const([-1, 1, 1])], `${p}.shift`);
  w.emit('Mul', `${p}.scaled`, [`${p}.ungrouped`, `${p}.scale`], `${p}.scaled`);
  w.emit('Add', p, [`${p}.scaled`, `${p}.shift`], out);
}

/**
 * timm's RadixSoftmax: view(B, cardinality, radix, -1).transpose(1, 2), softmax over the radix
 * axis, flattened back to B × (radix·C) × 1 × 1; with radix 1, a sigmoid.
 */
function emitRSoftmax(w: OnnxWriter, n: GraphNode, a: Extract<OpAttrs, { op: 'rsoftmax' }>, input: string, out: string): void {
  if (a.radix === 1) return w.emit('Sigmoid', n.path, [input], out);
  w.emit('Reshape', `${n.path}.reshape`, [input, w.int64Const([0, a.cardinality, a.radix, -1])], `${n.path}.grouped`);
  w.emit('Transpose', `${n.path}.transpose`, [`${n.path}.grouped`], `${n.path}.transposed`, [ints('perm', [0, 2, 1, 3])]);
  w.emit('Softmax', `${n.path}.softmax`, [`${n.path}.transposed`], `${n.path}.softmax`, [int('axis', 1)]);
  w.emit('Reshape', n.path, [`${n.path}.softmax`, w.int64Const([0, -1, 1, 1])], out);
}
