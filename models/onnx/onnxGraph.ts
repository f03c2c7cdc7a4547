// An ONNX graph as plain data (nodes, initializers) and its encoding as a ModelProto. The exporter
// builds one from the layer graph; the int8 quantizer rewrites one; both are encoded here, so the
// model's inputs, outputs, opsets and metadata are written one way.
import type { Preprocessing } from '../presets';
import { DTYPE, onnxModelType } from './onnxSchema';

export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;
/** The opset of onnxruntime's contrib operators (com.microsoft), which quantized models may use. */
export const MS_OPSET = 1;
/** Bumped when the exporter's output changes, so caches keyed on it are invalidated. */
export const EXPORTER_VERSION = '2';
export const INPUT_NAME = 'input';
export const OUTPUT_NAME = 'logits';
/** The second output of exports whose head is global pool + linear: the last feature map (CAMs). */
export const FEATURES_NAME = 'features';
/** Metadata key of the CAM description (JSON of exportOnnx.ts's `CamMetadata`). */
export const CAM_METADATA_KEY = 'backbone_lens.cam';

export interface ExportOptions {
  /** Stored in the model's metadata_props so a classifier of the file knows how to feed it. */
  readonly preprocessing?: Preprocessing;
  readonly inputSize?: readonly [number, number];
}

export type Attr = { name: string; type: number; i?: number; f?: number; ints?: number[]; s?: Uint8Array };
export interface OnnxNode {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  attribute: Attr[];
  domain?: string;
}
export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  int64_data?: number[];
}

/** A float graph output; `dims` absent = shape not declared (calibration outputs). */
export interface OnnxOutput {
  readonly name: string;
  readonly dims?: readonly (number | string)[];
}

export interface OnnxGraph {
  readonly modelId: string;
  readonly nodes: OnnxNode[];
  readonly initializers: OnnxTensor[];
  /** Channels of the NCHW input. */
  readonly inputChannels: number;
  /** The logits [N, classes] first, then any others (the CAM feature map). */
  readonly outputs: readonly OnnxOutput[];
  /** Metadata that describes the graph itself (the CAM description), written after the model id. */
  readonly metadata: readonly { key: string; value: string }[];
}

const MODEL_KEY = 'backbone_lens.model';
const PREPROCESSING_KEY = 'backbone_lens.preprocessing';
const INPUT_SIZE_KEY = 'backbone_lens.input_size';
const PRECISION_KEY = 'backbone_lens.precision';
/** Metadata encodeOnnx writes from its options, not from the graph. */
const OPTION_KEYS = new Set([MODEL_KEY, PREPROCESSING_KEY, INPUT_SIZE_KEY, PRECISION_KEY]);

export interface EncodeOptions extends ExportOptions {
  /** More graph outputs (float tensors of any shape), after the logits: calibration reads them. */
  readonly extraOutputs?: readonly string[];
  /** Written to metadata_props as backbone_lens.precision (absent means fp32). */
  readonly precision?: string;
}

export function encodeOnnx(g: OnnxGraph, opts: EncodeOptions = {}): Uint8Array {
  const dim = (v: number | string) => (typeof v === 'number' ? { dim_value: v } : { dim_param: v });
  const valueInfo = (name: string, dims?: readonly (number | string)[]) => ({
    name,
    type: { tensor_type: { elem_type: DTYPE.FLOAT, ...(dims ? { shape: { dim: dims.map(dim) } } : {}) } },
  });
  const metadata = [{ key: MODEL_KEY, value: g.modelId }, ...g.metadata];
  if (opts.preprocessing) metadata.push({ key: PREPROCESSING_KEY, value: JSON.stringify(opts.preprocessing) });
  if (opts.inputSize) metadata.push({ key: INPUT_SIZE_KEY, value: JSON.stringify(opts.inputSize) });
  if (opts.precision) metadata.push({ key: PRECISION_KEY, value: opts.precision });
  const usesContrib = g.nodes.some((n) => n.domain === 'com.microsoft');
  const model = {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }, ...(usesContrib ? [{ domain: 'com.microsoft', version: MS_OPSET }] : [])],
    producer_name: 'backbone-lens',
    producer_version: EXPORTER_VERSION,
    graph: {
      name: g.modelId,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo(INPUT_NAME, ['batch', g.inputChannels, 'height', 'width'])],
      output: [...g.outputs.map((o) => valueInfo(o.name, o.dims)), ...(opts.extraOutputs ?? []).map((name) => valueInfo(name))],
    },
    metadata_props: metadata,
  };
  const type = onnxModelType();
  return type.encode(type.fromObject(model)).finish();
}

/** A model this exporter wrote, read back: its graph and the options it was encoded with. */
export interface DecodedOnnx {
  readonly graph: OnnxGraph;
  readonly metadata: ReadonlyMap<string, string>;
}

/**
 * Reads back a model that encodeOnnx wrote (the quantizer starts from the cached fp32 export).
 * Only the fields encodeOnnx writes are kept; a model it did not write may lose others.
 */
export function decodeOnnx(bytes: Uint8Array): DecodedOnnx {
  const type = onnxModelType();
  const m = type.toObject(type.decode(bytes), { longs: Number, bytes: Uint8Array, defaults: false, arrays: true }) as {
    graph?: { name?: string; node?: OnnxNode[]; initializer?: OnnxTensor[]; input?: ValueInfoJson[]; output?: ValueInfoJson[] };
    metadata_props?: { key: string; value: string }[];
  };
  const g = m.graph ?? {};
  const dimAt = (v: ValueInfoJson | undefined, i: number): number => v?.type?.tensor_type?.shape?.dim?.[i]?.dim_value ?? 0;
  const dimsOf = (v: ValueInfoJson): (number | string)[] | undefined => v.type?.tensor_type?.shape?.dim?.map((d) => d.dim_value ?? d.dim_param ?? '?');
  const props = m.metadata_props ?? [];
  const nodes = (g.node ?? []).map((n) => ({ input: n.input ?? [], output: n.output ?? [], name: n.name ?? '', op_type: n.op_type ?? '', attribute: n.attribute ?? [], ...(n.domain ? { domain: n.domain } : {}) }));
  const initializers = (g.initializer ?? []).map((t) => ({ name: t.name, dims: t.dims ?? [], data_type: t.data_type, ...(t.raw_data ? { raw_data: t.raw_data } : {}), ...(t.int64_data ? { int64_data: t.int64_data } : {}) }));
  return {
    graph: {
      modelId: g.name ?? '',
      nodes,
      initializers,
      inputChannels: dimAt(g.input?.[0], 1),
      outputs: (g.output ?? []).map((o) => ({ name: o.name ?? '', ...(dimsOf(o) ? { dims: dimsOf(o) } : {}) })),
      metadata: props.filter((p) => !OPTION_KEYS.has(p.key)),
    },
    metadata: new Map(props.map((p) => [p.key, p.value])),
  };
}

interface ValueInfoJson {
  name?: string;
  type?: { tensor_type?: { shape?: { dim?: { dim_value?: number; dim_param?: string }[] } } };
}
