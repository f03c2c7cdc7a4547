// Checks a user's .onnx file before onnxruntime opens it: a small protobuf walk (iterative, every
// length checked against the bytes) over the graph, its subgraphs and every tensor. Refused:
// external data (the model would make onnxruntime read files beside it, and --logits print
// their bytes), fixed input sides or class counts that would allocate gigabytes, and protobuf
// that is not well formed. What cannot be known before running (a Loop's trip count, a
// ConstantOfShape's size) is bounded by the run's watchdog (bounds.ts).
import type { ErrorCode } from '../shared/errors';
import { InferenceError } from './errors';

export class OnnxCheckError extends InferenceError {
  override readonly code: ErrorCode = 'onnxCheck';
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** Largest fixed input side (px) a classifier may ask for. */
export const MAX_INPUT_SIDE = 4096;
/** Most classes an output may have (the engine's num_classes limit). */
export const MAX_CLASSES = 1_000_000;
/** Deepest nesting of subgraphs (Loop/If/Scan bodies) walked. */
const MAX_GRAPH_DEPTH = 32;

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

interface Field {
  readonly number: number;
  readonly wire: number;
  /** The value of a varint field. */
  readonly value: bigint;
  /** The bytes of a length-delimited field. */
  readonly start: number;
  readonly end: number;
}

/** The fields of the message in bytes [start, end), in order. */
function fields(b: Uint8Array, start: number, end: number, fail: (why: string) => never): Field[] {
  const out: Field[] = [];
  let pos = start;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= end) fail('a number runs past the end of its message');
      if (shift > 63n) fail('a number longer than 10 bytes');
      const c = b[pos++];
      v |= BigInt(c & 0x7f) << shift;
      if ((c & 0x80) === 0) return v;
    }
  };
  while (pos < end) {
    const key = varint();
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === WIRE_VARINT) out.push({ number, wire, value: varint(), start: pos, end: pos });
    else if (wire === WIRE_I64 || wire === WIRE_I32) {
      const n = wire === WIRE_I64 ? 8 : 4;
      if (pos + n > end) fail('a fixed-size field runs past the end of its message');
      out.push({ number, wire, value: 0n, start: pos, end: pos + n });
      pos += n;
    } else if (wire === WIRE_LEN) {
      const len = varint();
      if (len > BigInt(end - pos)) fail(`a field of ${len} bytes runs past the end of its message`);
      out.push({ number, wire, value: 0n, start: pos, end: pos + Number(len) });
      pos += Number(len);
    } else fail(`wire type ${wire} is not protobuf that ONNX writes`);
  }
  return out;
}

// Field numbers of onnx.proto3.
const MODEL_GRAPH = 7;
const MODEL_FUNCTIONS = 25;
const FUNCTION_NODE = 7;
const GRAPH = { node: 1, initializer: 5, input: 11, output: 12, sparseInitializer: 15 } as const;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE = { t: 5, g: 6, tensors: 10, graphs: 11, sparseTensor: 22, sparseTensors: 23 } as const;
const TENSOR = { externalData: 13, dataLocation: 14 } as const;
const SPARSE_TENSOR = { values: 1, indices: 2 } as const;
const VALUE_INFO_TYPE = 2;
const TYPE_TENSOR = 1;
const TENSOR_TYPE_SHAPE = 2;
const SHAPE_DIM = 1;
const DIM_VALUE = 1;

/** The fixed dims of a ValueInfoProto's tensor type (undefined where a dim is symbolic). */
function dims(b: Uint8Array, valueInfo: Field, fail: (why: string) => never): (number | undefined)[] {
  const sub = (f: Field | undefined, n: number): Field | undefined => (f ? fields(b, f.start, f.end, fail).find((x) => x.number === n && x.wire === WIRE_LEN) : undefined);
  const shape = sub(sub(sub(valueInfo, VALUE_INFO_TYPE), TYPE_TENSOR), TENSOR_TYPE_SHAPE);
  if (!shape) return [];
  return fields(b, shape.start, shape.end, fail)
    .filter((f) => f.number === SHAPE_DIM && f.wire === WIRE_LEN)
    .map((d) => {
      const v = fields(b, d.start, d.end, fail).find((x) => x.number === DIM_VALUE && x.wire === WIRE_VARINT);
      return v === undefined ? undefined : v.value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v.value);
    });
}

/** Throws an OnnxCheckError naming `file` when the model is refused; returns when it may be opened. */
export function checkOnnx(bytes: Uint8Array, file: string): void {
  const fail = (why: string): never => {
    throw new OnnxCheckError(file, `not a well-formed ONNX model (${why})`);
  };
  const refuse = (why: string): never => {
    throw new OnnxCheckError(file, why);
  };
  const model = fields(bytes, 0, bytes.length, fail);
  const graph = model.find((f) => f.number === MODEL_GRAPH && f.wire === WIRE_LEN);
  if (!graph) refuse('not an ONNX model: it has no graph');
  const main = fields(bytes, (graph as Field).start, (graph as Field).end, fail);
  const inputs = main.filter((f) => f.number === GRAPH.input && f.wire === WIRE_LEN);
  const outputs = main.filter((f) => f.number === GRAPH.output && f.wire === WIRE_LEN);
  const initializers = main.filter((f) => f.number === GRAPH.initializer).length;
  // An initializer may also be listed as an input (ONNX IR < 4): the image is the first input.
  if (inputs.length >= 1 && inputs.length <= 1 + initializers) {
    const d = dims(bytes, inputs[0], fail);
    for (const [i, side] of [d[2], d[3]].entries()) {
      if (side !== undefined && (side < 1 || side > MAX_INPUT_SIDE)) refuse(`its input's fixed ${i === 0 ? 'height' : 'width'} of ${side} px is outside 1–${MAX_INPUT_SIDE} px`);
    }
  }
  if (outputs.length >= 1) {
    const classes = dims(bytes, outputs[0], fail)[1];
    if (classes !== undefined && (classes < 1 || classes > MAX_CLASSES)) refuse(`its output has ${classes} classes, outside 1–${MAX_CLASSES}`);
  }
  // Every tensor of the graph, its subgraphs and the model's functions (an explicit stack: subgraphs nest).
  type Body = { start: number; end: number; depth: number; nodeField: number };
  const stack: Body[] = [{ start: (graph as Field).start, end: (graph as Field).end, depth: 0, nodeField: GRAPH.node }];
  for (const f of model) if (f.number === MODEL_FUNCTIONS && f.wire === WIRE_LEN) stack.push({ start: f.start, end: f.end, depth: 0, nodeField: FUNCTION_NODE });
  const checkTensor = (t: Field): void => {
    for (const f of fields(bytes, t.start, t.end, fail)) {
      if (f.number === TENSOR.externalData || (f.number === TENSOR.dataLocation && f.wire === WIRE_VARINT && f.value === 1n)) {
        refuse('the model keeps tensors in external data files, which are not loaded (the model would read files beside it): save it with its weights inside the .onnx file');
      }
    }
  };
  const checkSparse = (s: Field): void => {
    for (const f of fields(bytes, s.start, s.end, fail)) if ((f.number === SPARSE_TENSOR.values || f.number === SPARSE_TENSOR.indices) && f.wire === WIRE_LEN) checkTensor(f);
  };
  while (stack.length > 0) {
    const g = stack.pop() as Body;
    if (g.depth > MAX_GRAPH_DEPTH) refuse(`subgraphs nest more than ${MAX_GRAPH_DEPTH} levels deep`);
    for (const f of fields(bytes, g.start, g.end, fail)) {
      if (f.wire !== WIRE_LEN) continue;
      if (g.nodeField === GRAPH.node && f.number === GRAPH.initializer) checkTensor(f);
      else if (g.nodeField === GRAPH.node && f.number === GRAPH.sparseInitializer) checkSparse(f);
      else if (f.number === g.nodeField) {
        for (const a of fields(bytes, f.start, f.end, fail)) {
          if (a.number !== NODE_ATTRIBUTE || a.wire !== WIRE_LEN) continue;
          for (const v of fields(bytes, a.start, a.end, fail)) {
            if (v.wire !== WIRE_LEN) continue;
            if (v.number === ATTRIBUTE.t || v.number === ATTRIBUTE.tensors) checkTensor(v);
            else if (v.number === ATTRIBUTE.sparseTensor || v.number === ATTRIBUTE.sparseTensors) checkSparse(v);
            else if (v.number === ATTRIBUTE.g || v.number === ATTRIBUTE.graphs) stack.push({ start: v.start, end: v.end, depth: g.depth + 1, nodeField: GRAPH.node });
          }
        }
      }
    }
  }
}
