// Layer graph (IR) + weights → ONNX model bytes (opset 17, IR version 8, dynamic batch and
// spatial size). One ONNX node per IR node (rSoftmax: Reshape → Transpose → Softmax → Reshape),
// BatchNormalization kept as its own op (onnxruntime folds it into the conv when optimising).
// Tensor names are the IR's module paths; initializers are named by their state-dict keys.
// Where the head is global average pool + linear, a second output `features` is the pool's input
// (the last feature map, N × C × h × w), so a class activation map needs no second run; the
// `backbone_lens.cam` metadata names it and the classifier's weight initializer. Consumers that
// read only the first output (`logits`) see the same model as before.
import { camHead } from '../analysis/camHead';
import type { Graph, GraphNode } from '../graph/types';
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
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const constNames = new Set<string>();
  const nameOf = (id: number): string => (id === graph.outputNode ? OUTPUT_NAME : graph.nodes[id].attrs.op === 'input' ? INPUT_NAME : graph.nodes[id].path);

  const weight = (key: string, shape: readonly number[]): string => {
    const data = weights.get(key);
    if (!data) throw new OnnxExportError(`no weights for ${key}`);
    initializers.push({ name: key, dims: [...shape], data_type: DTYPE.FLOAT, raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return key;
  };
  const floatConst = (name: string, values: Float32Array, dims: readonly number[] = [values.length]): string => {
    if (!constNames.has(name)) {
      constNames.add(name);
      initializers.push({ name, dims: [...dims], data_type: DTYPE.FLOAT, raw_data: new Uint8Array(values.buffer) });
    }
    return name;
  };
  const int64Const = (values: readonly number[]): string => {
    const name = `const.i64.${values.join('_')}`;
    if (!constNames.has(name)) {
      constNames.add(name);
      initializers.push({ name, dims: [values.length], data_type: DTYPE.INT64, int64_data: [...values] });
    }
    return name;
  };
  const emit = (op_type: string, name: string, input: string[], output: string, attribute: Attr[] = []): void => {
    nodes.push({ op_type, name, input, output: [output], attribute });
  };
  const tensorOf = (n: GraphNode, suffix: string): string => {
    const t = n.tensors.find((x) => x.key === `${n.path}.${suffix}`);
    if (!t) throw new OnnxExportError(`${n.path} has no ${suffix}`);
    return weight(t.key, t.shape);
  };

  for (const n of graph.nodes) {
    const a = n.attrs;
    const out = nameOf(n.id);
    const ins = n.inputs.map(nameOf);
    switch (a.op) {
      case 'input':
        break;
      case 'conv': {
        const inputs = [ins[0], tensorOf(n, 'weight')];
        if (a.bias) inputs.push(tensorOf(n, 'bias'));
        emit('Conv', n.path, inputs, out, [
          ints('kernel_shape', a.kernel),
          ints('strides', a.stride),
          ints('pads', [a.padding[0], a.padding[1], a.padding[0], a.padding[1]]),
          ints('dilations', a.dilation),
          int('group', a.groups),
        ]);
        break;
      }
      case 'batchnorm':
        emit('BatchNormalization', n.path, [ins[0], tensorOf(n, 'weight'), tensorOf(n, 'bias'), tensorOf(n, 'running_mean'), tensorOf(n, 'running_var')], out, [float('epsilon', a.eps)]);
        break;
      case 'instancenorm': {
        const scale = a.affine ? tensorOf(n, 'weight') : floatConst(`const.ones.${a.channels}`, new Float32Array(a.channels).fill(1));
        const bias = a.affine ? tensorOf(n, 'bias') : floatConst(`const.zeros.${a.channels}`, new Float32Array(a.channels));
        emit('InstanceNormalization', n.path, [ins[0], scale, bias], out, [float('epsilon', a.eps)]);
        break;
      }
      case 'groupnorm': {
        // Opset 17 has no GroupNormalization: normalise [N, groups, C/groups·H·W] with
        // InstanceNormalization (unit scale, zero shift), restore the shape, then the per-channel affine.
        const p = n.path;
        emit('Reshape', `${p}.grouped`, [ins[0], int64Const([0, a.groups, -1])], `${p}.grouped`);
        const ones = floatConst(`const.ones.${a.groups}`, new Float32Array(a.groups).fill(1));
        const zeros = floatConst(`const.zeros.${a.groups}`, new Float32Array(a.groups));
        emit('InstanceNormalization', `${p}.normalise`, [`${p}.grouped`, ones, zeros], `${p}.normalised`, [float('epsilon', a.eps)]);
        emit('Shape', `${p}.shape`, [ins[0]], `${p}.shape`);
        emit('Reshape', `${p}.ungrouped`, [`${p}.normalised`, `${p}.shape`], `${p}.ungrouped`);
        emit('Reshape', `${p}.scale`, [tensorOf(n, 'weight'), int64Const([-1, 1, 1])], `${p}.scale`);
        emit('Reshape', `${p}.shift`, [tensorOf(n, 'bias'), int64Const([-1, 1, 1])], `${p}.shift`);
        emit('Mul', `${p}.scaled`, [`${p}.ungrouped`, `${p}.scale`], `${p}.scaled`);
        emit('Add', p, [`${p}.scaled`, `${p}.shift`], out);
        break;
      }
      case 'blurpool': {
        const p = n.path;
        const pad = a.padding;
        emit('Pad', `${p}.pad`, [ins[0], int64Const([0, 0, pad, pad, 0, 0, pad, pad])], `${p}.padded`, [str('mode', 'reflect')]);
        const filter = floatConst(`const.blur.${a.channels}.${a.filterSize}`, blurFilter(a.channels, a.filterSize), [a.channels, 1, a.filterSize, a.filterSize]);
        emit('Conv', p, [`${p}.padded`, filter], out, [ints('kernel_shape', [a.filterSize, a.filterSize]), ints('strides', [a.stride, a.stride]), int('group', a.channels)]);
        break;
      }
      case 'relu':
        emit('Relu', n.path, ins, out);
        break;
      case 'sigmoid':
        emit('Sigmoid', n.path, ins, out);
        break;
      case 'maxpool':
        emit('MaxPool', n.path, ins, out, [
          ints('kernel_shape', a.kernel),
          ints('strides', a.stride),
          ints('pads', [a.padding[0], a.padding[1], a.padding[0], a.padding[1]]),
          int('ceil_mode', a.ceilMode ? 1 : 0),
        ]);
        break;
      case 'avgpool':
        emit('AveragePool', n.path, ins, out, [
          ints('kernel_shape', a.kernel),
          ints('strides', a.stride),
          ints('pads', [a.padding[0], a.padding[1], a.padding[0], a.padding[1]]),
          int('ceil_mode', a.ceilMode ? 1 : 0),
          int('count_include_pad', a.countIncludePad ? 1 : 0),
        ]);
        break;
      case 'globalavgpool':
        emit('GlobalAveragePool', n.path, ins, out);
        break;
      case 'flatten':
        emit('Flatten', n.path, ins, out, [int('axis', 1)]);
        break;
      case 'linear': {
        const inputs = [ins[0], tensorOf(n, 'weight')];
        if (a.bias) inputs.push(tensorOf(n, 'bias'));
        emit('Gemm', n.path, inputs, out, [int('transB', 1)]);
        break;
      }
      case 'add':
        emit(ins.length === 2 ? 'Add' : 'Sum', n.path, ins, out);
        break;
      case 'concat':
        emit('Concat', n.path, ins, out, [int('axis', 1)]);
        break;
      case 'split':
        emit('Slice', n.path, [ins[0], int64Const([a.start]), int64Const([a.start + a.channels]), int64Const([1])], out);
        break;
      case 'mul':
        emit('Mul', n.path, ins, out);
        break;
      case 'rsoftmax': {
        if (a.radix === 1) {
          emit('Sigmoid', n.path, ins, out);
          break;
        }
        // timm's RadixSoftmax: view(B, cardinality, radix, -1).transpose(1, 2), softmax over
        // the radix axis, flattened back to B × (radix·C) × 1 × 1.
        emit('Reshape', `${n.path}.reshape`, [ins[0], int64Const([0, a.cardinality, a.radix, -1])], `${n.path}.grouped`);
        emit('Transpose', `${n.path}.transpose`, [`${n.path}.grouped`], `${n.path}.transposed`, [ints('perm', [0, 2, 1, 3])]);
        emit('Softmax', `${n.path}.softmax`, [`${n.path}.transposed`], `${n.path}.softmax`, [int('axis', 1)]);
        emit('Reshape', n.path, [`${n.path}.softmax`, int64Const([0, -1, 1, 1])], out);
        break;
      }
    }
  }

  const outputs: OnnxOutput[] = [{ name: OUTPUT_NAME, dims: ['batch', graph.nodes[graph.outputNode].channels] }];
  const metadata: { key: string; value: string }[] = [];
  const head = camHead(graph);
  if (typeof head !== 'string') {
    // Identity gives the feature map a stable output name whatever its node's path.
    emit('Identity', FEATURES_NAME, [nameOf(head.featureNode)], FEATURES_NAME);
    outputs.push({ name: FEATURES_NAME, dims: ['batch', head.channels, 'feature_height', 'feature_width'] });
    const cam: CamMetadata = { features: FEATURES_NAME, classifierWeight: head.weightKey, channels: head.channels, classes: head.classes };
    metadata.push({ key: CAM_METADATA_KEY, value: JSON.stringify(cam) });
  }
  return { modelId: graph.modelId, nodes, initializers, inputChannels: graph.nodes[0].channels, outputs, metadata };
}
