// Class activation maps (Zhou et al., CVPR 2016) from the exported model's second output:
//   CAM_k(y, x) = Σ_c W[k, c] · F_c(y, x)
// over the last feature map F (C × h × w, the global pool's input) and the classifier's row W[k].
// The raw map: no bias, no ReLU, no normalisation, no upsampling. Its mean over (y, x) plus the
// classifier's bias is the logit, which is how the tests check it without PyTorch too.
import { readFileSync } from 'node:fs';
import { CAM_METADATA_KEY, type CamMetadata } from '../models';
import { onnxModelType } from '../models/onnx/onnxSchema';
import type { ErrorCode } from '../shared/errors';
import { InferenceError } from './errors';

/** The classifier weight and feature-output name of a model whose head allows an exact CAM. */
export interface CamSource {
  readonly featuresOutput: string;
  readonly channels: number;
  readonly classes: number;
  /** W, classes × channels, row-major. */
  readonly weight: Float32Array;
}

/** Whether a model can give CAMs: the source, or why not (shown where the CAM toggle is disabled). */
export type CamSupport = { readonly ok: true; readonly source: CamSource } | { readonly ok: false; readonly reason: string };

export interface CamMap {
  /** The class whose map this is (an index into the logits). */
  readonly class: number;
  /** [h, w] of the feature map. */
  readonly grid: [number, number];
  /** h·w values, row-major. */
  readonly values: number[];
}

export class CamError extends InferenceError {
  override readonly code: ErrorCode = 'cam';
}

const NO_HEAD =
  'this model has no global-average-pool + linear head that Backbone Lens exported (a user\'s .onnx file gives only its logits), so its class activation map is unknown';

interface DecodedTensor {
  name?: string;
  dims?: (number | { toNumber(): number })[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
}

/**
 * Reads the CAM description and the classifier weight from an ONNX model (bytes or a path).
 * Only models exported by Backbone Lens with the `backbone_lens.cam` metadata qualify: for any
 * other file we cannot know that its head is global average pooling + linear.
 */
export function camSupportOf(onnx: Uint8Array | string): CamSupport {
  const bytes = typeof onnx === 'string' ? new Uint8Array(readFileSync(onnx)) : onnx;
  let model: { metadata_props?: { key?: string; value?: string }[]; graph?: { initializer?: DecodedTensor[]; output?: { name?: string }[] } };
  try {
    model = onnxModelType().decode(bytes) as typeof model;
  } catch (e) {
    return { ok: false, reason: `the ONNX file could not be read for its head (${(e as Error).message})` };
  }
  const entry = model.metadata_props?.find((p) => p.key === CAM_METADATA_KEY);
  if (!entry?.value) return { ok: false, reason: NO_HEAD };
  let meta: CamMetadata;
  try {
    meta = JSON.parse(entry.value) as CamMetadata;
  } catch {
    return { ok: false, reason: `its ${CAM_METADATA_KEY} metadata is not JSON` };
  }
  if (typeof meta.features !== 'string' || typeof meta.classifierWeight !== 'string' || !isCount(meta.channels) || !isCount(meta.classes)) {
    return { ok: false, reason: `its ${CAM_METADATA_KEY} metadata does not name the features and classifier` };
  }
  if (!model.graph?.output?.some((o) => o.name === meta.features)) return { ok: false, reason: `it has no "${meta.features}" output` };
  const init = model.graph.initializer?.find((t) => t.name === meta.classifierWeight);
  if (!init) return { ok: false, reason: `it has no "${meta.classifierWeight}" initializer` };
  const weight = floatData(init);
  const dims = (init.dims ?? []).map((d) => (typeof d === 'number' ? d : d.toNumber()));
  if (!weight || dims.length !== 2 || dims[0] !== meta.classes || dims[1] !== meta.channels || weight.length !== meta.classes * meta.channels) {
    return { ok: false, reason: `its "${meta.classifierWeight}" is not a float32 ${meta.classes}×${meta.channels} matrix` };
  }
  return { ok: true, source: { featuresOutput: meta.features, channels: meta.channels, classes: meta.classes, weight } };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

function floatData(t: DecodedTensor): Float32Array | undefined {
  if (t.data_type !== 1) return undefined;
  if (t.raw_data && t.raw_data.byteLength % 4 === 0) {
    // Copied: the raw bytes may sit at an offset that is not 4-aligned inside the file.
    const copy = new Uint8Array(t.raw_data);
    return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  }
  if (t.float_data && t.float_data.length > 0) return Float32Array.from(t.float_data);
  return undefined;
}

/**
 * CAM of class `k` for image `n` of a batch of feature maps (N × C × h × w, row-major). Sums in
 * float64 so the map is as exact as the feature map it comes from.
 */
export function camMap(features: Float32Array, dims: readonly number[], n: number, source: CamSource, k: number): CamMap {
  const [, c, h, w] = dims;
  if (dims.length !== 4 || c !== source.channels) throw new CamError(`the feature map has shape [${dims.join(', ')}], expected [N, ${source.channels}, h, w]`);
  if (!Number.isInteger(k) || k < 0 || k >= source.classes) throw new CamError(`--cam-class ${k} is not a class of this model (0 to ${source.classes - 1})`);
  const plane = h * w;
  const base = n * c * plane;
  const acc = new Float64Array(plane);
  const row = k * c;
  for (let ch = 0; ch < c; ch++) {
    const wk = source.weight[row + ch];
    if (wk === 0) continue;
    const off = base + ch * plane;
    for (let i = 0; i < plane; i++) acc[i] += wk * features[off + i];
  }
  return { class: k, grid: [h, w], values: Array.from(acc) };
}
